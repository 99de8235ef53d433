// expect: use of deleted function.*value_arg
// A value takes text or a number, never a null pointer: nullptr must not compile.
#include "typedis/typedis.hpp"

void nullptr_for_value() { (void)typedis::cmd::set("k", nullptr); }
