// Internal: which answer of a routed cluster command a reply is, and how the answers of several
// nodes make the caller's result (by the spec's response policy). Shared by the synchronous and the
// asynchronous cluster clients; free of I/O and of asio.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "typedis/codec/decode.hpp"
#include "typedis/command.hpp"
#include "typedis/error.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis {
namespace detail {

// Which answer of a routed command a reply is.
struct cluster_part {
  enum class kind {
    single,  // the command went to one node: its reply is the answer
    fanout,  // one of `count` nodes (keyless command with an all_shards/all_nodes tip)
    split,   // part `index` of `count`, holding the caller's keys at `positions`
  };
  kind what = kind::single;
  std::size_t index = 0;
  std::size_t count = 1;
  const std::vector<std::size_t>* positions = nullptr;
  std::size_t key_count = 0;  // split: keys of the caller's command
};

template <class T>
concept growable = requires(T& t, typename T::value_type v) {
  t.push_back(std::move(v));
  t.size();
};

// The answer of a routed command from its parts, by the spec's response policy.
template <class T>
class cluster_answer {
 public:
  cluster_answer(const command_info& info, std::string_view name) : policy_(info.response_policy), name_(name) {}

  void add(const cluster_part& p, resp::reply_cursor& c) {
    T one{};
    decoder<T>::decode(c, one);
    if (p.what == cluster_part::kind::single || !value_) {
      if (p.what == cluster_part::kind::split && policy_.empty()) {
        if constexpr (growable<T>) {
          T placed{};
          placed.resize(p.key_count);
          value_ = std::move(placed);
          place(p, std::move(one));
          return;
        }
      }
      value_ = std::move(one);
      return;
    }
    if (p.what == cluster_part::kind::split && policy_.empty()) {
      if constexpr (growable<T>) return place(p, std::move(one));
    }
    combine(std::move(one));
  }

  T take() { return value_ ? std::move(*value_) : T{}; }

 private:
  void place(const cluster_part& p, T&& one) {
    if constexpr (growable<T>) {
      const auto& pos = *p.positions;
      if (one.size() != pos.size())
        throw decode_error(std::to_string(pos.size()) + " elements (one per key)", std::to_string(one.size()),
                           std::string(name_));
      for (std::size_t j = 0; j < pos.size(); ++j) (*value_)[pos[j]] = std::move(one[j]);
    }
  }

  void combine(T&& one) {
    T& v = *value_;
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      if (policy_ == "agg_sum") v += one;
      else if (policy_ == "agg_min") v = one < v ? one : v;
      else if (policy_ == "agg_max") v = one > v ? one : v;
      else if (policy_ == "agg_logical_and") v = (v && one) ? 1 : 0;
      else if (policy_ == "agg_logical_or") v = (v || one) ? 1 : 0;
    } else if constexpr (std::is_same_v<T, bool>) {
      if (policy_ == "agg_logical_and") v = v && one;
      else if (policy_ == "agg_logical_or") v = v || one;
    } else if constexpr (growable<T>) {
      // No aggregating policy: the answers of every node, merged (KEYS, SCRIPT EXISTS per node...).
      if (policy_.empty()) {
        for (auto& e : one) v.push_back(std::move(e));
      }
    }
    // all_succeeded / one_succeeded / special: the first answer stands (errors were thrown).
  }

  std::string_view policy_;
  std::string_view name_;
  std::optional<T> value_;
};

}  // namespace detail

}  // namespace typedis
