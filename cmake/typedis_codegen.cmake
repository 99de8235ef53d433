# The command generator from CMake.
#
#   typedis_add_commands(TARGET t SPEC dir [NAMESPACE ns])
#
# runs codegen/generate.py on a spec folder (files in the format of docs/spec-format.md, validated
# against typedis's schema) into the build tree, adds the generated builders to target `t`, and
# makes <ns/generated/command_methods.hpp> (the mixin ns::commands<Executor>: use it as
# typedis::basic_client<typedis::all_commands, ns::commands>, docs/generated-api.md) and
# <ns/generated/commands.hpp> (the builders ns::cmd::...) includable from it. NAMESPACE defaults to
# the target's name. Generation runs at configure time and again whenever a spec file changes (the
# spec files are configure dependencies); only changed files are rewritten.
#
# Used from the source tree (included by the top-level CMakeLists.txt) and from an install prefix
# (included by typedisConfig.cmake; the generator is installed under share/typedis/codegen).
include_guard(GLOBAL)

if(NOT DEFINED TYPEDIS_CODEGEN_DIR)
  # source tree (cmake/ next to codegen/), or the default install layout
  # (<prefix>/lib/cmake/typedis next to <prefix>/share/typedis/codegen)
  foreach(candidate "${CMAKE_CURRENT_LIST_DIR}/../codegen" "${CMAKE_CURRENT_LIST_DIR}/../../../share/typedis/codegen")
    if(NOT DEFINED TYPEDIS_CODEGEN_DIR AND EXISTS "${candidate}/generate.py")
      get_filename_component(TYPEDIS_CODEGEN_DIR "${candidate}" ABSOLUTE)
    endif()
  endforeach()
endif()
set(TYPEDIS_CODEGEN_DIR "${TYPEDIS_CODEGEN_DIR}" CACHE INTERNAL "typedis generator (generate.py, templates)")

function(typedis_add_commands)
  cmake_parse_arguments(arg "" "TARGET;SPEC;NAMESPACE" "" ${ARGN})
  if(NOT arg_TARGET OR NOT arg_SPEC)
    message(FATAL_ERROR "typedis_add_commands: TARGET and SPEC are required")
  endif()
  if(NOT TARGET ${arg_TARGET})
    message(FATAL_ERROR "typedis_add_commands: ${arg_TARGET} is not a target")
  endif()
  if(NOT arg_NAMESPACE)
    string(MAKE_C_IDENTIFIER "${arg_TARGET}" arg_NAMESPACE)
  endif()
  if(arg_NAMESPACE STREQUAL "typedis")
    message(FATAL_ERROR "typedis_add_commands: NAMESPACE typedis is the library's own")
  endif()
  if(NOT EXISTS "${TYPEDIS_CODEGEN_DIR}/generate.py")
    message(FATAL_ERROR "typedis_add_commands: the generator is missing (TYPEDIS_CODEGEN_DIR=${TYPEDIS_CODEGEN_DIR})")
  endif()
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  get_filename_component(spec "${arg_SPEC}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/typedis_commands/${arg_TARGET}")

  file(GLOB_RECURSE spec_files CONFIGURE_DEPENDS "${spec}/*.json")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${spec_files})
  execute_process(
    COMMAND "${Python3_EXECUTABLE}" "${TYPEDIS_CODEGEN_DIR}/generate.py" --spec "${spec}" --out "${out}"
            --namespace "${arg_NAMESPACE}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "typedis_add_commands(${arg_TARGET}): the generator failed:\n${output}${error}")
  endif()
  message(STATUS "typedis_add_commands(${arg_TARGET}): ${output}")

  file(GLOB_RECURSE sources "${out}/src/*.cpp")
  target_sources(${arg_TARGET} PRIVATE ${sources})
  target_include_directories(${arg_TARGET} PUBLIC "$<BUILD_INTERFACE:${out}/include>")
  target_link_libraries(${arg_TARGET} PUBLIC typedis::typedis)
endfunction()

# -DTYPEDIS_REGENERATE=ON (typedis's own build): regenerate generated/ from commands-spec/ before
# the library compiles, whenever a spec file, a template or the generator changed.
function(typedis_regenerate_core target)
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  set(root "${PROJECT_SOURCE_DIR}")
  file(GLOB_RECURSE deps CONFIGURE_DEPENDS
       "${root}/commands-spec/*.json" "${root}/codegen/templates/*" "${root}/codegen/*.py")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/typedis_generated.stamp")
  add_custom_command(
    OUTPUT "${stamp}"
    COMMAND "${Python3_EXECUTABLE}" "${root}/codegen/generate.py" --spec "${root}/commands-spec" --out "${root}/generated"
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${deps}
    COMMENT "Regenerating generated/ from commands-spec/"
    VERBATIM)
  add_custom_target(typedis_regenerate DEPENDS "${stamp}")
  add_dependencies(${target} typedis_regenerate)
endfunction()
