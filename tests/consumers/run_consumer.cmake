# Driver of one consumer test, run as `cmake -D... -P run_consumer.cmake`.
#
# Install mode:  INSTALL_FROM=<build tree> PREFIX=<dir> [CONFIG=<cfg>]
#   installs that build tree into a fresh PREFIX.
# Consumer mode: WORK_DIR GENERATOR COMMON_ARGS CONSUMER_SOURCE [CONSUMER_ARGS]
#                [LIB_SOURCE LIB_ARGS PREFIX]
#   optionally builds and installs the library from LIB_SOURCE into PREFIX first, then configures
#   and builds the consumer project and runs its `typedis_consumer` program.
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
