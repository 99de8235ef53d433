// expect: use of deleted function.*string_arg
// A key is text; a number for a key is a mistake (values take numbers, keys do not).
#include "typedis/typedis.hpp"

void number_for_key() { (void)typedis::cmd::get(42); }
