// expect: invalid conversion from .*const char\*.* to .*long long
// INCRBY's increment is an integer.
#include "typedis/typedis.hpp"

void string_for_integer() { (void)typedis::cmd::incrby("k", "5"); }
