// Opt-in integration tests of the RediSearch commands against a real module server
// (TYPEDIS_MODULES_URL; see module_test_env.hpp): skipped, never passed, without one.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "module_test_env.hpp"
#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace {

namespace c = typedis::cmd;
using nlohmann::json;
using typedis::test::with_protocol;

std::string key(const std::string& suffix) { return typedis::test::module_key(suffix); }

class search_module : public ::testing::TestWithParam<int> {};

TEST_P(search_module, ft_create_search_info) {
  REQUIRE_MODULE_SERVER();
  typedis::client r{with_protocol(*base_url, GetParam())};
  auto& m = r;
  const std::string prefix = key("ft") + ":";
  const std::string idx = prefix + "idx";
  const std::pair<std::string_view, std::string_view> vector_attributes[] = {
      {"TYPE", "FLOAT32"}, {"DIM", "2"}, {"DISTANCE_METRIC", "L2"}};
  const c::ft_create_field schema[] = {
      {.field_name = "title", .field_type = typedis::text{}},
      {.field_name = "price", .field_type = typedis::numeric{},
       .sortable = c::ft_create_field_sortable{}},
      {.field_name = "v",
       .field_type = c::ft_create_field_field_type_vector{
           .algorithm = c::ft_create_field_field_type_vector_algorithm::flat,
           .nargs = 6,
           .attribute = vector_attributes}}};
  m.ft_create(idx, schema, {.data_type = c::ft_create_data_type::hash, .prefix = c::ft_create_prefix{.count = 1, .prefix = {prefix}}});
  r.hset(prefix + "1", {{"title", "hello world"}, {"price", "10"}});
  // Indexing is asynchronous: wait until the document is searchable.
  typedis::resp::value found;
  for (int attempt = 0; attempt < 50; ++attempt) {
    found = m.ft_search(idx, "@title:hello", {.nocontent = true});
    const bool hit = GetParam() == 2 ? (!found.elements.empty() && found.elements[0].integer == 1)
                                     : found.type == typedis::resp::type::map;
    if (hit) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (GetParam() == 2) {
    ASSERT_EQ(found.elements.size(), 2u);
    EXPECT_EQ(found.elements[1].string, prefix + "1");
  }
  const auto info = m.ft_info(idx);
  EXPECT_EQ(info.index_name, idx);
  EXPECT_TRUE(m.ft_list().contains(idx));
  m.ft_dropindex(idx, {.delete_docs = true});
}

INSTANTIATE_TEST_SUITE_P(resp, search_module, ::testing::Values(2, 3), typedis::test::protocol_name);

}  // namespace
