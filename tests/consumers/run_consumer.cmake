# Driver of one consumer test, run as `cmake -D... -P run_consumer.cmake`.
#
# Install mode:  INSTALL_FROM=<build tree> PREFIX=<dir> [CONFIG=<cfg>]
#   installs that build tree into a fresh PREFIX.
# Consumer mode: WORK_DIR GENERATOR COMMON_ARGS CONSUMER_SOURCE [CONSUMER_ARGS]
#                [LIB_SOURCE LIB_ARGS PREFIX]
#   optionally builds and installs the library from LIB_SOURCE into PREFIX first, then configures
#   and builds the consumer project and runs its `typedis_consumer` program.
# pkg-config mode: see below (MAKEFILE=...).
# List arguments use "|" as separator. The program exits 77 when TYPEDIS_TEST_URL is unset: that
# is reported as TYPEDIS_CONSUMER_SKIPPED, which the test's SKIP_REGULAR_EXPRESSION turns into a
# skip (cmake -P cannot exit with a chosen code before CMake 3.29).
cmake_minimum_required(VERSION 3.25)

function(run_step what)
  list(JOIN ARGN " " command_line)
  message(STATUS "consumer: ${what}: ${command_line}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer: ${what} failed (${rc})")
  endif()
endfunction()

function(split_args out text)
  if(text)
    string(REPLACE "|" ";" text "${text}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

if(DEFINED INSTALL_FROM)
  file(REMOVE_RECURSE "${PREFIX}")
  set(config_args)
  if(CONFIG)
    set(config_args --config "${CONFIG}")
  endif()
  run_step("install" "${CMAKE_COMMAND}" --install "${INSTALL_FROM}" --prefix "${PREFIX}" ${config_args})
  return()
endif()

# pkg-config mode: MAKEFILE=<file> PREFIX=<installed prefix> WORK_DIR CXX LINKAGE=static|shared
#   checks the installed typedis.pc (pkg-config --validate; OpenSSL in Requires for a static library,
#   in Requires.private for a shared one), then builds the consumer with `make -f MAKEFILE` using only
#   `pkg-config --cflags --libs typedis`, and runs it.
if(DEFINED MAKEFILE)
  file(GLOB_RECURSE pc_files "${PREFIX}/typedis.pc")
  list(LENGTH pc_files pc_count)
  if(NOT pc_count EQUAL 1)
    message(FATAL_ERROR "consumer: expected one typedis.pc under ${PREFIX}, found ${pc_count}: ${pc_files}")
  endif()
  get_filename_component(pc_dir "${pc_files}" DIRECTORY)
  find_program(PKG_CONFIG_EXECUTABLE NAMES pkg-config pkgconf REQUIRED)
  find_program(MAKE_EXECUTABLE NAMES make gmake REQUIRED)
  set(pc_env "${CMAKE_COMMAND}" -E env "PKG_CONFIG_PATH=${pc_dir}")
  run_step("validate typedis.pc" ${pc_env} "${PKG_CONFIG_EXECUTABLE}" --validate typedis)
  foreach(mode libs static)
    set(flags --libs)
    if(mode STREQUAL "static")
      list(APPEND flags --static)
    endif()
    execute_process(COMMAND ${pc_env} "${PKG_CONFIG_EXECUTABLE}" ${flags} typedis
                    OUTPUT_VARIABLE pc_${mode} OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "consumer: pkg-config ${flags} typedis failed (${rc})")
    endif()
    message(STATUS "consumer: pkg-config ${flags} typedis: ${pc_${mode}}")
  endforeach()
  if(NOT pc_static MATCHES "-lssl" OR NOT pc_static MATCHES "-lcrypto")
    message(FATAL_ERROR "consumer: pkg-config --static --libs typedis lacks OpenSSL: ${pc_static}")
  endif()
  if(LINKAGE STREQUAL "static" AND NOT pc_libs MATCHES "-lssl")
    message(FATAL_ERROR "consumer: a static typedis needs OpenSSL in its plain --libs: ${pc_libs}")
  elseif(LINKAGE STREQUAL "shared" AND pc_libs MATCHES "-lssl")
    message(FATAL_ERROR "consumer: a shared typedis must keep OpenSSL private (Requires.private): ${pc_libs}")
  endif()
  file(REMOVE_RECURSE "${WORK_DIR}")
  file(MAKE_DIRECTORY "${WORK_DIR}")
  run_step("build with make" ${pc_env} "${MAKE_EXECUTABLE}" -f "${MAKEFILE}" "OUT=${WORK_DIR}" "CXX=${CXX}")
  execute_process(COMMAND "${WORK_DIR}/typedis_consumer" RESULT_VARIABLE rc)
  if(rc EQUAL 77)
    message(STATUS "TYPEDIS_CONSUMER_SKIPPED: built, but TYPEDIS_TEST_URL is not set")
  elseif(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer: typedis_consumer failed (${rc})")
  endif()
  return()
endif()

foreach(var WORK_DIR GENERATOR CONSUMER_SOURCE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "consumer: ${var} is not set")
  endif()
endforeach()
split_args(common_args "${COMMON_ARGS}")
split_args(consumer_args "${CONSUMER_ARGS}")
# Start from scratch so that a stale cache never hides a packaging mistake.
file(REMOVE_RECURSE "${WORK_DIR}")

if(DEFINED LIB_SOURCE)
  split_args(lib_args "${LIB_ARGS}")
  file(REMOVE_RECURSE "${PREFIX}")
  run_step("configure library" "${CMAKE_COMMAND}" -S "${LIB_SOURCE}" -B "${WORK_DIR}/library"
           -G "${GENERATOR}" ${common_args} ${lib_args} "-DCMAKE_INSTALL_PREFIX=${PREFIX}")
  run_step("build library" "${CMAKE_COMMAND}" --build "${WORK_DIR}/library" -j 2)
  run_step("install library" "${CMAKE_COMMAND}" --install "${WORK_DIR}/library")
endif()

run_step("configure" "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE}" -B "${WORK_DIR}/consumer"
         -G "${GENERATOR}" ${common_args} ${consumer_args})
run_step("build" "${CMAKE_COMMAND}" --build "${WORK_DIR}/consumer" -j 2)

execute_process(COMMAND "${WORK_DIR}/consumer/typedis_consumer" RESULT_VARIABLE rc)
if(rc EQUAL 77)
  message(STATUS "TYPEDIS_CONSUMER_SKIPPED: built, but TYPEDIS_TEST_URL is not set")
elseif(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer: typedis_consumer failed (${rc})")
endif()
