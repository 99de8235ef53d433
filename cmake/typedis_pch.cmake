# Precompiled typedis headers for a consumer's target (opt-in; compile time, docs/generated-api.md).
#
#   typedis_precompile_headers(<target> [HEADERS <hdr>...] [REUSE_FROM <other>])
#
# Precompiles <typedis/typedis.hpp> (or the HEADERS given, e.g. <typedis/modules.hpp>,
# <typedis/async.hpp>, or the group headers of a basic_client of a few groups) for <target>'s C++
# files, and links <target> to typedis::typedis. Every C++ file of the target then sees these
# headers as if included first. The header is compiled once per target (g++: about 5 s of CPU and
# 160 MB; clang: 2 s, 30 MB); with REUSE_FROM, <target> uses <other>'s precompiled header instead
# (same compiler flags required, CMake's rule for target_precompile_headers(REUSE_FROM)).
#
# Used from the source tree (add_subdirectory, FetchContent: included by typedis's CMakeLists.txt)
# and from an install prefix (included by typedisConfig.cmake).
include_guard(GLOBAL)

function(typedis_precompile_headers target)
  cmake_parse_arguments(arg "" "REUSE_FROM" "HEADERS" ${ARGN})
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "typedis_precompile_headers: unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "typedis_precompile_headers: ${target} is not a target")
  endif()
  if(NOT TARGET typedis::typedis)
    message(FATAL_ERROR "typedis_precompile_headers: no typedis::typedis yet "
                        "(find_package(typedis), add_subdirectory or FetchContent first)")
  endif()
  # The precompiled header needs typedis's include directories and C++20 on the target itself.
  target_link_libraries(${target} PRIVATE typedis::typedis)
  if(arg_REUSE_FROM)
    if(arg_HEADERS)
      message(FATAL_ERROR "typedis_precompile_headers: HEADERS and REUSE_FROM exclude each other")
    endif()
    target_precompile_headers(${target} REUSE_FROM ${arg_REUSE_FROM})
    return()
  endif()
  if(NOT arg_HEADERS)
    set(arg_HEADERS "<typedis/typedis.hpp>")
  endif()
  set(headers)
  foreach(h IN LISTS arg_HEADERS)
    # C++ only: a C file of the same target must not get a C++ header.
    list(APPEND headers "$<$<COMPILE_LANGUAGE:CXX>:${h}>")
  endforeach()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()
