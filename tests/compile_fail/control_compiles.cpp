// Control: the same calls as the compile-fail files, written correctly, must compile (so a
// failure of the others is the intended one, not a broken include).
#include <chrono>
#include <string>
#include <vector>

#include "typedis/typedis.hpp"

using namespace std::chrono_literals;

void control() {
  (void)typedis::cmd::set("k", "v", {.expiration = typedis::ex{30s}});
  (void)typedis::cmd::incrby("k", 5);
  (void)typedis::cmd::expire("k", 2min);
}

// Single braces are the list of strings that double_braced_strings.cpp must not be.
void single_braced_strings() {
  (void)typedis::cmd::del({"a", "b"});
  (void)typedis::cmd::del("a");
}

// Where the connection-state commands belong (pooled_*.cpp): a pinned connection has them.
void connection_state_on_pinned(typedis::client& r) {
  typedis::pinned_connection conn = r.pin();
  (void)conn.select(1);
  (void)conn.watch({"k"});
  (void)conn.unwatch();
}

// Values take numbers (null_for_string.cpp, nullptr_for_value.cpp, number_for_key.cpp); an
// integer list takes integers (double_range_for_integers.cpp).
void values_and_numbers() {
  (void)typedis::cmd::set("k", 0);
  (void)typedis::cmd::set("k", 3.14);
  (void)typedis::cmd::get(std::string("k"));
  const std::vector<long long> ids{1, 2};
  typedis::cmd::client_list_options options;
  options.id = ids;
  (void)typedis::cmd::client_list(options);
  const std::vector<double> weights{1, 0.5};
  (void)typedis::cmd::zunion({"a", "b"}, {.weights = weights});
}

// A dynamic pipeline takes the methods of its reply type (dynamic_pipeline_wrong_reply_type.cpp),
// and a resp::value one takes any.
void dynamic_pipeline_methods(typedis::client& r) {
  auto p = r.dynamic_pipeline<long long>();
  p.incr("k").incrby("k", 2);
  auto any = r.dynamic_pipeline();
  any.get("k").incr("k");
}
