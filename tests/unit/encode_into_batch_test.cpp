// Commands encoded straight into a pipeline's buffer (issue 16 item 2): a writer appending to a
// buffer writes the same bytes as one with a buffer of its own, for any argument count; a batch
// rolls back a command whose encoding throws; and a generated method reaches an executor that has
// execute_encoded() through the encoder, with the same bytes its builder produces.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "typedis/detail/batch.hpp"
#include "typedis/resp/writer.hpp"
#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace {

using namespace std::chrono_literals;

std::string own_bytes(std::size_t argc) {
  typedis::resp::writer w;
  for (std::size_t i = 0; i < argc; ++i) w.integer(i);
  const std::size_t start = w.finish();
  return std::string(w.buffer().view().substr(start));
}

TEST(writer_append, same_bytes_as_an_own_buffer_for_any_count) {
  // 9 and 10 arguments are the edge of the 4-byte header the appending writer reserves.
  for (std::size_t argc : {0u, 1u, 2u, 9u, 10u, 11u, 99u, 100u, 101u, 1000u, 12345u}) {
    typedis::detail::byte_buffer target;
    target.append("prefix");
    typedis::resp::writer w(target);
    for (std::size_t i = 0; i < argc; ++i) w.integer(i);
    EXPECT_EQ(w.finish(), 6u);
    EXPECT_EQ(std::string(target.view()), "prefix" + own_bytes(argc)) << argc;
  }
}

TEST(batch_add_encoded, requests_follow_each_other_and_a_throwing_encoder_leaves_no_trace) {
  typedis::detail::batch b;
  const auto get = [](std::string_view k) {
    return [k](typedis::resp::writer& w) { return typedis::cmd::encoders::get(w, k); };
  };
  b.add_encoded(get("a"));
  std::vector<std::string> many;
  for (int i = 0; i < 12; ++i) many.push_back("k" + std::to_string(i));
  b.add_encoded([&](typedis::resp::writer& w) {
    return typedis::cmd::encoders::del(w, typedis::arg_range<typedis::string_arg>(many));
  });
  const std::string before(b.bytes());
  EXPECT_THROW(b.add_encoded([](typedis::resp::writer& w) -> typedis::encoded<long long> {
    w.bulk("INCR");
    w.bulk("half-written");
    throw std::runtime_error("encoder failed");
  }),
               std::runtime_error);
  EXPECT_EQ(b.size(), 2u);
  EXPECT_EQ(std::string(b.bytes()), before);
  b.add_encoded(get("b"));

  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b.request(0), typedis::cmd::get("a").bytes());
  EXPECT_EQ(b.request(1), typedis::cmd::del(typedis::arg_range<typedis::string_arg>(many)).bytes());
  EXPECT_EQ(b.request(2), typedis::cmd::get("b").bytes());
  EXPECT_EQ(b.name(1), "DEL");
  EXPECT_TRUE(typedis::has_flag(b.info(0).flags, typedis::command_flag::readonly));
}

// A pipeline per batch costs no allocation once warm (issue 16: allocations per pipelined GET): the
// next batch on the thread takes the storage of the last one destroyed, unless that was huge.
TEST(batch_storage, the_next_batch_takes_the_last_ones_buffers_but_not_a_huge_one) {
  const char* first = nullptr;
  {
    typedis::detail::batch b;
    b.add(typedis::cmd::get("a").bytes(), typedis::cmd::get("a").info());
    first = b.bytes().data();
  }
  {
    typedis::detail::batch b;
    b.add(typedis::cmd::get("b").bytes(), typedis::cmd::get("b").info());
    EXPECT_EQ(b.bytes().data(), first) << "the spare storage was not reused";
    EXPECT_EQ(b.size(), 1u);
    EXPECT_EQ(b.request(0), typedis::cmd::get("b").bytes()) << "the spare is handed over empty";
    typedis::detail::batch other;  // while b holds the spare, another batch allocates its own
    other.add(typedis::cmd::get("c").bytes(), typedis::cmd::get("c").info());
    EXPECT_NE(other.bytes().data(), first);
  }
  const std::string big(2 * 1024 * 1024, 'x');
  const char* huge = nullptr;
  {
    typedis::detail::batch spare_holder;  // takes the spare, so the huge batch allocates its own
    spare_holder.add(typedis::cmd::get("d").bytes(), typedis::cmd::get("d").info());
    {
      typedis::detail::batch b;
      b.add(typedis::cmd::set("k", big).bytes(), typedis::cmd::set("k", big).info());
      huge = b.bytes().data();
    }
  }
  typedis::detail::batch after;
  after.add(typedis::cmd::get("e").bytes(), typedis::cmd::get("e").info());
  EXPECT_NE(after.bytes().data(), huge) << "a 2 MiB batch's buffer must not be kept as the spare";
}

// Two executors of the same mixins: one takes commands (built first), one has them encoded into
// its buffer. Each records the request bytes and which path the method took.
struct taking_executor : typedis::mixins<typedis::all_commands>::bases<taking_executor> {
  std::vector<std::string> requests;
  int built = 0;
  template <class T>
  int execute(const typedis::command<T>& cmd) {
    requests.emplace_back(cmd.bytes());
    return ++built;
  }
};

struct encoding_executor : typedis::mixins<typedis::all_commands>::bases<encoding_executor> {
  typedis::detail::batch batch;
  int encoded = 0;
  int built = 0;
  template <class T>
  int execute(const typedis::command<T>& cmd) {
    batch.add(cmd.bytes(), cmd.info());
    return ++built;
  }
  template <class T, class Encode>
  int execute_encoded(Encode&& encode) {
    const typedis::encoded<T> done = batch.add_encoded(encode);
    (void)done;
    return ++encoded;
  }
};

template <class E>
void calls(E& e) {
  e.get("k");
  e.set("k", "v", {.condition = typedis::nx{}, .expiration = typedis::px{1500ms}});
  e.incrbyfloat("n", 2.5);
  e.zadd("z", {{1.5, "a"}, {-2, "b"}}, {.comparison = typedis::gt{}});
  e.hset("h", "f", "v");  // the hand-written one-field form, through the builder
  e.mset({{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}, {"e", "5"}});
  e.xadd("s", typedis::cmd::xadd_id_selector_auto_id{}, {{"f", "v"}});
  e.client_kill("127.0.0.1:1");
  e.ping();
  e.json_set("j", "$", typedis::json_arg::raw("{\"a\":1}"));
}

TEST(generated_methods, encode_into_an_executor_buffer_with_the_builders_bytes) {
  taking_executor taking;
  encoding_executor encoding;
  calls(taking);
  calls(encoding);
  ASSERT_EQ(taking.requests.size(), 10u);
  ASSERT_EQ(encoding.batch.size(), 10u);
  EXPECT_EQ(taking.built, 10);
  EXPECT_EQ(encoding.encoded, 9);  // every generated method but the hand-written hset(key, field, value)
  EXPECT_EQ(encoding.built, 1);
  for (std::size_t i = 0; i < taking.requests.size(); ++i)
    EXPECT_EQ(encoding.batch.request(i), taking.requests[i]) << i;
  EXPECT_EQ(encoding.batch.name(3), "ZADD");
  EXPECT_EQ(encoding.batch.name(7), "CLIENT KILL");
}

}  // namespace
