// expect: could not convert|no matching function|conversion from|cannot convert
// EXPIRE takes whole seconds: 1500ms would be truncated, std::chrono refuses the conversion.
#include <chrono>

#include "typedis/typedis.hpp"

using namespace std::chrono_literals;

void lossy_duration() { (void)typedis::cmd::expire("k", 1500ms); }
