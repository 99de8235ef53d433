// expect: too few arguments to function|no matching function for call to .set
// SET needs a key and a value.
#include "typedis/typedis.hpp"

void missing_required_argument() { (void)typedis::cmd::set("k"); }
