// <typedis/typedis.hpp> stays light (compile time of every user translation unit): the module
// commands are methods of every executor, but this header only declares their option types and
// hand-written argument/reply types, and never includes nlohmann/json.hpp. <typedis/modules.hpp>
// defines them (docs/architecture.md). This translation unit includes typedis.hpp alone.
#include <gtest/gtest.h>

#include <type_traits>

#include "typedis/typedis.hpp"

#if defined(INCLUDE_NLOHMANN_JSON_HPP_)
#error "<typedis/typedis.hpp> must not include <nlohmann/json.hpp>"
#endif
// asio (and OpenSSL) enter only through <typedis/async.hpp> (issue 11 item 6).
#if defined(ASIO_VERSION_HPP) || defined(ASIO_ANY_IO_EXECUTOR_HPP) || defined(OPENSSL_SSL_H) || defined(HEADER_SSL_H)
#error "<typedis/typedis.hpp> must not include asio or OpenSSL headers"
#endif

// nlohmann's customary alias next to `using namespace typedis;` stays unambiguous: the RedisJSON
// types live in typedis::redisjson, not typedis::json (this would not compile otherwise).
using json = nlohmann::json;
namespace name_check {
using namespace typedis;
[[maybe_unused]] const json* unambiguous = nullptr;
}  // namespace name_check

namespace {

template <class T>
concept complete = requires { sizeof(T); };

// Declared (so the executors' methods can name them) but not defined here.
static_assert(!complete<typedis::cmd::ft_search_options>);
static_assert(!complete<typedis::cmd::ts_add_options>);
static_assert(!complete<typedis::cmd::vadd_options>);
static_assert(!complete<typedis::search::schema>);
static_assert(!complete<typedis::search::search_result>);
static_assert(!complete<typedis::timeseries::sample>);
static_assert(!complete<typedis::vectorset::vector>);
static_assert(!complete<typedis::redisjson::matches>);
static_assert(!complete<nlohmann::json>);
// Core commands are complete as before.
static_assert(complete<typedis::cmd::set_options>);

TEST(header_weight, module_builders_are_declared_with_their_types_incomplete) {
  // Naming the builder is fine here; calling it (or r.ts_add) needs <typedis/modules.hpp>.
  using builder = decltype(&typedis::cmd::ts_add);
  EXPECT_TRUE((std::is_same_v<builder, typedis::command<typedis::timeseries::sample_time> (*)(
                                           typedis::string_arg, const typedis::timeseries::timestamp&, double,
                                           const typedis::cmd::ts_add_options&)>));
}

}  // namespace
