// expect: use of deleted function.*string_arg
// A key is text: `0` (a null pointer constant) used to become a null const char* and crash in
// std::string_view's constructor (r.set("counter", 0) compiled). It must not compile for a key.
#include "typedis/typedis.hpp"

void null_for_string() { (void)typedis::cmd::get(0); }
