// The yardstick: a translation unit of the standard library's two most common headers.
#include <string>
#include <vector>

std::vector<std::string> baseline() { return {"a", "b"}; }
