# Install rules and the CMake package (find_package(typedis)). Included from the top-level
# CMakeLists.txt when TYPEDIS_INSTALL is on, after the typedis target exists.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TYPEDIS_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/typedis"
    CACHE STRING "Where typedisConfig.cmake is installed, relative to the prefix")
mark_as_advanced(TYPEDIS_INSTALL_CMAKEDIR)

# Public headers only; runtime/ holds private headers that consumers never see.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT typedis_development
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h" PATTERN "*.ipp")
# OPTIONAL: generated/include appears once the generator has run; a tree without it still installs.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/generated/include/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT typedis_development
        OPTIONAL
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h" PATTERN "*.ipp")

# INCLUDES DESTINATION puts the include dir on the exported target; the top-level
# $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}> is expanded before GNUInstallDirs is loaded.
install(TARGETS typedis
        EXPORT typedisTargets
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT typedis_runtime
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT typedis_runtime
                NAMELINK_COMPONENT typedis_development
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT typedis_development
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(EXPORT typedisTargets
        NAMESPACE typedis::
        DESTINATION "${TYPEDIS_INSTALL_CMAKEDIR}"
        COMPONENT typedis_development)

# The command generator, so that installed typedis can generate typed methods from a user's own
# spec folder: generate.py and import_commands.py with their package and templates, plus the spec
# schema, which the generator looks for beside its package (see find_schema in spec_io.py).
# The one-off bulk import scripts of the core spec stay in the source tree.
set(TYPEDIS_INSTALL_CODEGENDIR "${CMAKE_INSTALL_DATADIR}/typedis/codegen"
    CACHE STRING "Where the command generator is installed, relative to the prefix")
mark_as_advanced(TYPEDIS_INSTALL_CODEGENDIR)
set(typedis_codegen_src "${PROJECT_SOURCE_DIR}/codegen")
install(PROGRAMS "${typedis_codegen_src}/generate.py" "${typedis_codegen_src}/import_commands.py"
        DESTINATION "${TYPEDIS_INSTALL_CODEGENDIR}"
        COMPONENT typedis_development)
install(DIRECTORY "${typedis_codegen_src}/typedis_codegen" "${typedis_codegen_src}/templates"
        DESTINATION "${TYPEDIS_INSTALL_CODEGENDIR}"
        COMPONENT typedis_development
        PATTERN "__pycache__" EXCLUDE
        PATTERN "*.pyc" EXCLUDE)
install(FILES "${PROJECT_SOURCE_DIR}/commands-spec/schema.json"
        DESTINATION "${TYPEDIS_INSTALL_CODEGENDIR}"
        COMPONENT typedis_development)
# typedis's own spec, beside the generator (share/typedis/commands-spec): `import_commands.py
# --compare` reads it to tell what a server has that the installed typedis lacks (bundled_spec_root
# in importer.py), with its import-exclude.txt.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/commands-spec/"
        DESTINATION "${TYPEDIS_INSTALL_CODEGENDIR}/../commands-spec"
        COMPONENT typedis_development
        FILES_MATCHING PATTERN "*.json" PATTERN "import-exclude.txt")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/typedisConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/typedisConfig.cmake"
  INSTALL_DESTINATION "${TYPEDIS_INSTALL_CMAKEDIR}"
  PATH_VARS TYPEDIS_INSTALL_CODEGENDIR)

# SameMajorVersion: find_package(typedis 0.1) accepts any 0.y.z >= 0.1, and 0.1...<1.0 ranges work.
# During 0.x that also lets 0.2 satisfy a request for 0.1 although 0.x minors may break the API
# (the SONAME is MAJOR.MINOR, so binaries are never mixed up); pin with EXACT if that matters.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/typedisConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)

install(FILES
          "${PROJECT_SOURCE_DIR}/cmake/typedis_codegen.cmake"
          "${PROJECT_BINARY_DIR}/typedisConfig.cmake"
          "${PROJECT_BINARY_DIR}/typedisConfigVersion.cmake"
        DESTINATION "${TYPEDIS_INSTALL_CMAKEDIR}"
        COMPONENT typedis_development)

# typedis_add_commands() (cmake/typedis_codegen.cmake) and typedis_precompile_headers()
# (cmake/typedis_pch.cmake) for installed consumers: they sit next to typedisConfig.cmake, which
# includes them (the first after setting TYPEDIS_CODEGEN_DIR).
install(FILES "${PROJECT_SOURCE_DIR}/cmake/typedis_codegen.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/typedis_pch.cmake"
        DESTINATION "${TYPEDIS_INSTALL_CMAKEDIR}"
        COMPONENT typedis_development)

# pkg-config file, for Meson, autotools and plain Makefiles: `pkg-config --cflags --libs typedis`.
# nlohmann_json is public (<typedis/modules.hpp> exposes nlohmann::json). OpenSSL is private to the
# library: a shared libtypedis.so records it as its own dependency, so it goes in Requires.private
# (pulled in by `pkg-config --static` only). A static libtypedis.a cannot carry dependencies, and a
# consumer that links it always needs -lssl -lcrypto, so there OpenSSL is in Requires and a plain
# `pkg-config --libs typedis` links. Paths are relative to the .pc file (${pcfiledir}), so that
# `cmake --install --prefix DIR` and a moved prefix both stay correct.
set(TYPEDIS_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
    CACHE STRING "Where typedis.pc is installed, relative to the prefix")
mark_as_advanced(TYPEDIS_INSTALL_PKGCONFIGDIR)
function(typedis_pc_path out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()
if(IS_ABSOLUTE "${TYPEDIS_INSTALL_PKGCONFIGDIR}")
  message(FATAL_ERROR "TYPEDIS_INSTALL_PKGCONFIGDIR must be relative to the install prefix")
endif()
file(RELATIVE_PATH TYPEDIS_PC_PREFIX_FROM_PCDIR "/prefix/${TYPEDIS_INSTALL_PKGCONFIGDIR}" "/prefix")
string(REGEX REPLACE "/$" "" TYPEDIS_PC_PREFIX_FROM_PCDIR "${TYPEDIS_PC_PREFIX_FROM_PCDIR}")
typedis_pc_path(TYPEDIS_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
typedis_pc_path(TYPEDIS_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
get_target_property(typedis_type typedis TYPE)
if(typedis_type STREQUAL "STATIC_LIBRARY")
  set(TYPEDIS_PC_LINKAGE "static")
  set(TYPEDIS_PC_REQUIRES "nlohmann_json >= 3.9, openssl >= 1.1.1")
  set(TYPEDIS_PC_REQUIRES_PRIVATE "")
else()
  set(TYPEDIS_PC_LINKAGE "shared")
  set(TYPEDIS_PC_REQUIRES "nlohmann_json >= 3.9")
  set(TYPEDIS_PC_REQUIRES_PRIVATE "openssl >= 1.1.1")
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/typedis.pc.in" "${PROJECT_BINARY_DIR}/typedis.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/typedis.pc"
        DESTINATION "${TYPEDIS_INSTALL_PKGCONFIGDIR}"
        COMPONENT typedis_development)
