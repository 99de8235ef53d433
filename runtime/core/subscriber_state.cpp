#include "core/subscriber_state.hpp"

#include <algorithm>

#include "typedis/error.hpp"
#include "typedis/generated/pubsub.hpp"

namespace typedis {

std::string_view to_string(message_kind kind) noexcept {
  switch (kind) {
    case message_kind::message: return "message";
    case message_kind::pmessage: return "pmessage";
    case message_kind::smessage: return "smessage";
    case message_kind::subscribe: return "subscribe";
    case message_kind::unsubscribe: return "unsubscribe";
    case message_kind::psubscribe: return "psubscribe";
    case message_kind::punsubscribe: return "punsubscribe";
    case message_kind::ssubscribe: return "ssubscribe";
    case message_kind::sunsubscribe: return "sunsubscribe";
  }
  return "?";
}

namespace pubsub {
namespace {

bool is_text(resp::type t) noexcept {
  return t == resp::type::bulk_string || t == resp::type::simple_string || t == resp::type::verbatim_string;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
         });
}

[[noreturn]] void bad_frame(std::string_view why) {
  throw protocol_error("subscriber: unexpected frame on a Pub/Sub connection: " + std::string(why));
}

// A string element (verbatim strings lose their "txt:" prefix); null reads as empty.
std::string read_text(resp::reply_cursor& c, std::string_view what) {
  const resp::node& n = c.next();
  if (n.type == resp::type::null) return {};
  if (!is_text(n.type)) bad_frame(std::string(what) + " is a " + std::string(resp::to_string(n.type)));
  std::string_view s = c.text(n);
  if (n.type == resp::type::verbatim_string && s.size() >= 4 && s[3] == ':') s.remove_prefix(4);
  return std::string(s);
}

long long read_count(resp::reply_cursor& c) {
  const resp::node& n = c.next();
  if (n.type != resp::type::integer) bad_frame("confirmation count is a " + std::string(resp::to_string(n.type)));
  return n.integer;
}

struct kind_name {
  std::string_view name;
  message_kind kind;
};
constexpr kind_name kinds[] = {
    {"message", message_kind::message},         {"pmessage", message_kind::pmessage},
    {"smessage", message_kind::smessage},       {"subscribe", message_kind::subscribe},
    {"unsubscribe", message_kind::unsubscribe}, {"psubscribe", message_kind::psubscribe},
    {"punsubscribe", message_kind::punsubscribe}, {"ssubscribe", message_kind::ssubscribe},
    {"sunsubscribe", message_kind::sunsubscribe},
};

}  // namespace

frame parse_frame(resp::reply_cursor& c) {
  frame f;
  const resp::node& top = c.peek();
  if (resp::is_error(top.type)) {
    f.type = frame::kind::error;
    f.error_text = std::string(c.text(top));
    return f;
  }
  if (top.type == resp::type::simple_string || top.type == resp::type::bulk_string) {
    // PING outside subscribed mode (RESP2 with nothing subscribed) and PING in RESP3.
    if (iequals(c.text(top), "PONG")) {
      f.type = frame::kind::pong;
      return f;
    }
    bad_frame("a string reply");
  }
  const bool push = top.type == resp::type::push;
  if (top.type != resp::type::array && !push) bad_frame("a " + std::string(resp::to_string(top.type)) + " reply");
  const std::size_t size = top.size;
  c.next();
  if (size == 0) bad_frame("an empty array");
  const resp::node& head = c.peek();
  if (!is_text(head.type)) {
    if (push) return f;  // ignored: not a shape we know, and pushes may carry new kinds
    bad_frame("an array whose first element is a " + std::string(resp::to_string(head.type)));
  }
  const std::string_view name = c.text(head);
  c.next();
  if (iequals(name, "pong")) {  // RESP2 PING in subscribed mode: ["pong", argument]
    f.type = frame::kind::pong;
    return f;
  }
  const kind_name* match = nullptr;
  for (const auto& k : kinds)
    if (iequals(name, k.name)) match = &k;
  if (match == nullptr) {
    if (push) return f;  // e.g. "invalidate": not ours, never a message
    bad_frame("an array of kind '" + std::string(name.substr(0, 64)) + "'");
  }
  typedis::message& m = f.msg;
  m.kind = match->kind;
  const std::size_t expected = m.kind == message_kind::pmessage ? 4 : 3;
  if (size != expected)
    bad_frame(std::string(match->name) + " with " + std::to_string(size) + " elements, expected " +
              std::to_string(expected));
  if (m.kind == message_kind::pmessage) m.pattern = read_text(c, "pmessage pattern");
  m.channel = read_text(c, "channel");
  if (m.is_data())
    m.payload = read_text(c, "payload");
  else
    m.count = read_count(c);
  f.type = frame::kind::message;
  return f;
}

std::string_view subscribe_command(family f) noexcept {
  switch (f) {
    case family::channel: return "SUBSCRIBE";
    case family::pattern: return "PSUBSCRIBE";
    case family::shard: return "SSUBSCRIBE";
  }
  return {};
}

std::string_view unsubscribe_command(family f) noexcept {
  switch (f) {
    case family::channel: return "UNSUBSCRIBE";
    case family::pattern: return "PUNSUBSCRIBE";
    case family::shard: return "SUNSUBSCRIBE";
  }
  return {};
}

std::string encode_request(family f, bool subscribe, arg_range<std::string_view> names) {
  // the generated builders, so each request carries its command_info like a user's command
  switch (f) {
    case family::channel:
      return std::string(subscribe ? cmd::subscribe(names).bytes() : cmd::unsubscribe({.channel = names}).bytes());
    case family::pattern:
      return std::string(subscribe ? cmd::psubscribe(names).bytes() : cmd::punsubscribe({.pattern = names}).bytes());
    case family::shard:
      return std::string(subscribe ? cmd::ssubscribe(names).bytes()
                                   : cmd::sunsubscribe({.shardchannel = names}).bytes());
  }
  return {};
}

void subscription_set::add(family f, arg_range<std::string_view> names) {
  auto& set = sets_[index(f)];
  names.for_each([&](std::string_view n) { set.emplace(n); });
}

void subscription_set::remove(family f, arg_range<std::string_view> names) {
  auto& set = sets_[index(f)];
  if (names.empty()) {
    set.clear();
    return;
  }
  names.for_each([&](std::string_view n) {
    if (auto it = set.find(n); it != set.end()) set.erase(it);
  });
}

bool subscription_set::empty() const noexcept {
  return sets_[0].empty() && sets_[1].empty() && sets_[2].empty();
}

bool subscription_set::wanted(const typedis::message& m) const {
  switch (m.kind) {
    case message_kind::message: return sets_[index(family::channel)].contains(m.channel);
    case message_kind::pmessage: return sets_[index(family::pattern)].contains(m.pattern);
    case message_kind::smessage: return sets_[index(family::shard)].contains(m.channel);
    default: return true;  // confirmations are always reported as they come
  }
}

std::vector<std::string> subscription_set::resubscribe_requests(std::size_t chunk) const {
  std::vector<std::string> out;
  chunk = std::max<std::size_t>(chunk, 1);
  for (family f : {family::channel, family::pattern, family::shard}) {
    std::vector<std::string> batch;
    for (const auto& n : sets_[index(f)]) {
      batch.push_back(n);
      if (batch.size() == chunk) {
        out.push_back(encode_request(f, true, batch));
        batch.clear();
      }
    }
    if (!batch.empty()) out.push_back(encode_request(f, true, batch));
  }
  return out;
}

}  // namespace pubsub
}  // namespace typedis
