// Decoders of TS.MGET: typedis::timeseries::last_sample and the whole reply.
#include "typedis/timeseries/last_sample.hpp"

#include <string_view>

namespace typedis {

namespace {

// The RESP3 value of one key: [labels, sample or []] (metadata maps a newer server puts in between
// are skipped).
void decode_resp3_last_sample(resp::reply_cursor& cursor, timeseries::last_sample& out) {
  constexpr std::string_view expected = "series [labels, sample]";
  const resp::node& head = detail::aggregate(cursor, expected);
  if (head.type == resp::type::map || head.size < 2) detail::throw_mismatch(expected, head, cursor);
  decode_into(cursor, out.labels);
  for (std::size_t i = 2; i < head.size; ++i) cursor.skip();
  decode_into(cursor, out.last);
}

}  // namespace

void decoder<timeseries::last_sample>::decode(resp::reply_cursor& cursor, timeseries::last_sample& out) {
  constexpr std::string_view expected = "series [key, labels, sample]";
  const resp::node& head = detail::aggregate(cursor, expected);
  if (head.type == resp::type::map || head.size != 3) detail::throw_mismatch(expected, head, cursor);
  decode_into(cursor, out.key);
  decode_into(cursor, out.labels);
  decode_into(cursor, out.last);
}

void decoder<std::vector<timeseries::last_sample>>::decode(resp::reply_cursor& cursor,
                                                           std::vector<timeseries::last_sample>& out) {
  out.clear();
  const resp::node& head = detail::aggregate(cursor, "series (RESP2 array or RESP3 map)");
  if (head.type == resp::type::map) {
    out.reserve(head.size / 2);
    for (std::size_t i = 0; i < head.size; i += 2) {
      timeseries::last_sample& s = out.emplace_back();
      decode_into(cursor, s.key);
      decode_resp3_last_sample(cursor, s);
    }
    return;
  }
  out.reserve(head.size);
  for (std::size_t i = 0; i < head.size; ++i) decoder<timeseries::last_sample>::decode(cursor, out.emplace_back());
}

}  // namespace typedis
