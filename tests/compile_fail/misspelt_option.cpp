// expect: has no non-static data member named .*expiraton
// Options are a struct with designated initializers: a typo is a compile error naming the field.
#include <chrono>

#include "typedis/typedis.hpp"

using namespace std::chrono_literals;

void misspelt_option() {
  const typedis::cmd::set_options options{.expiraton = typedis::ex{30s}};
  (void)typedis::cmd::set("k", "v", options);
}
