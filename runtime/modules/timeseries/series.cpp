// Decoders of TS.MRANGE / TS.MREVRANGE: typedis::timeseries::series and the whole reply.
#include "typedis/timeseries/series.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include "typedis/resp/request_args.hpp"

namespace typedis {

namespace {

// "k1,k2,k3" (RESP2 __source__) -> {"k1", "k2", "k3"}
std::vector<std::string> split_keys(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// RESP2 reports GROUPBY's reducer and sources as the labels __reducer__ and __source__.
void take_groupby_labels(timeseries::series& s) {
  auto is_groupby_label = [&](timeseries::label& l) {
    if (l.first == "__reducer__") {
      s.reducers.clear();
      if (l.second) s.reducers.push_back(std::move(*l.second));
      return true;
    }
    if (l.first == "__source__") {
      s.sources = l.second ? split_keys(*l.second) : std::vector<std::string>{};
      return true;
    }
    return false;
  };
  s.labels.erase(std::remove_if(s.labels.begin(), s.labels.end(), is_groupby_label), s.labels.end());
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) { return (x | 0x20) == (y | 0x20); });
}

// RESP2 names GROUPBY's reducer only among the labels, which WITHLABELS asks for; without them it is
// the request's own: GROUPBY label REDUCE reducer.
std::optional<std::string> requested_reducer(std::string_view request) {
  resp::request_args args(request);
  std::string_view word, label, reduce, reducer;
  while (args.next(word)) {
    if (equal_ignoring_case(word, "GROUPBY") && args.next(label) && args.next(reduce) &&
        equal_ignoring_case(reduce, "REDUCE") && args.next(reducer))
      return std::string(reducer);
  }
  return std::nullopt;
}

// A list of names: an array of strings, or one comma-separated string.
void decode_names(resp::reply_cursor& cursor, std::vector<std::string>& out) {
  const resp::node& n = cursor.peek();
  if (!resp::is_aggregate(n.type)) {
    std::string text;
    decode_into(cursor, text);
    out = split_keys(text);
    return;
  }
  decode_into(cursor, out);
}

// A RESP3 metadata map: {aggregators: [...]}, {reducers: [...]} or {sources: [...]}; other keys
// (newer servers) are skipped.
void decode_metadata(resp::reply_cursor& cursor, timeseries::series& out) {
  constexpr std::string_view expected = "series metadata (map)";
  const resp::node& head = detail::aggregate(cursor, expected);
  if (head.size % 2 != 0) detail::throw_mismatch(expected, head, cursor);
  for (std::size_t i = 0; i < head.size; i += 2) {
    std::string key;
    decode_into(cursor, key);
    if (key == "reducers") {
      decode_names(cursor, out.reducers);
    } else if (key == "sources") {
      decode_names(cursor, out.sources);
    } else {
      cursor.skip();
    }
  }
}

// The RESP3 value of one key: [labels, metadata..., samples].
void decode_resp3_series(resp::reply_cursor& cursor, timeseries::series& out) {
  constexpr std::string_view expected = "series [labels, metadata..., samples]";
  const resp::node& head = detail::aggregate(cursor, expected);
  if (head.type == resp::type::map || head.size < 2) detail::throw_mismatch(expected, head, cursor);
  decode_into(cursor, out.labels);
  take_groupby_labels(out);
  for (std::size_t i = 2; i < head.size; ++i) decode_metadata(cursor, out);
  decode_into(cursor, out.samples);
}

}  // namespace

void decoder<timeseries::series>::decode(resp::reply_cursor& cursor, timeseries::series& out) {
  constexpr std::string_view expected = "series [key, labels, samples]";
  const resp::node& head = detail::aggregate(cursor, expected);
  if (head.type == resp::type::map || head.size != 3) detail::throw_mismatch(expected, head, cursor);
  decode_into(cursor, out.key);
  decode_into(cursor, out.labels);
  take_groupby_labels(out);
  decode_into(cursor, out.samples);
}

void decoder<std::vector<timeseries::series>>::decode(resp::reply_cursor& cursor,
                                                      std::vector<timeseries::series>& out) {
  out.clear();
  const resp::node& head = detail::aggregate(cursor, "series (RESP2 array or RESP3 map)");
  if (head.type == resp::type::map) {
    out.reserve(head.size / 2);
    for (std::size_t i = 0; i < head.size; i += 2) {
      timeseries::series& s = out.emplace_back();
      decode_into(cursor, s.key);
      decode_resp3_series(cursor, s);
    }
    return;
  }
  out.reserve(head.size);
  for (std::size_t i = 0; i < head.size; ++i) decoder<timeseries::series>::decode(cursor, out.emplace_back());
  std::optional<std::string> reducer;
  for (timeseries::series& s : out) {
    if (!s.reducers.empty()) continue;
    if (!reducer) reducer = requested_reducer(cursor.request());
    if (!reducer) break;
    s.reducers.push_back(*reducer);
  }
}

}  // namespace typedis
