// expect: use of deleted function.*initializer_list<std::initializer_list<const char\*>
// {{"a", "b"}} for a list of strings would build one std::string_view from two unrelated pointers
// (its iterator-pair constructor) and read out of bounds: it must not compile; {"a", "b"} is right.
#include "typedis/typedis.hpp"

void double_braced_strings() {
  (void)typedis::cmd::del({{"a", "b"}});
}
