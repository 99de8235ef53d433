/// @file
/// typedis::vectorset::element: names an element of the set where a command takes "ELE <name>"
/// (VSIM by element: the query vector is that element's own vector).
#pragma once

#include <string>

namespace typedis::vectorset {

struct element {
  std::string name;
};

}  // namespace typedis::vectorset
