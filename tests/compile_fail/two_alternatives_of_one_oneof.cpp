// expect: could not convert .*typedis::ex.*typedis::px.*to .*std::optional<std::variant<typedis::ex, typedis::px
// EX and PX are alternatives of one oneof: the option is a std::variant that holds one of them only.
#include <chrono>

#include "typedis/typedis.hpp"

using namespace std::chrono_literals;

void two_alternatives() {
  const typedis::cmd::set_options options{.expiration = {typedis::ex{30s}, typedis::px{100ms}}};
  (void)typedis::cmd::set("k", "v", options);
}
