#pragma once

#define TYPEDIS_VERSION_MAJOR 0
#define TYPEDIS_VERSION_MINOR 1
#define TYPEDIS_VERSION_PATCH 0

namespace typedis {
inline constexpr const char* version_string = "0.1.0";
}
