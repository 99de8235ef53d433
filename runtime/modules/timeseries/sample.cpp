// Decoders of typedis::timeseries::sample and of TS.GET's optional sample.
#include "typedis/timeseries/sample.hpp"

#include <string>

namespace typedis::timeseries::detail {

std::chrono::system_clock::time_point time_from_millis(long long since_epoch) {
  using std::chrono::milliseconds;
  using std::chrono::system_clock;
  // system_clock counts finer than milliseconds: the conversion must not overflow its count.
  constexpr long long max_ms = std::chrono::duration_cast<milliseconds>(system_clock::duration::max()).count();
  constexpr long long min_ms = std::chrono::duration_cast<milliseconds>(system_clock::duration::min()).count();
  if (since_epoch < min_ms || since_epoch > max_ms)
    typedis::detail::throw_out_of_range("timestamp (milliseconds)", std::to_string(since_epoch));
  return system_clock::time_point(std::chrono::duration_cast<system_clock::duration>(milliseconds(since_epoch)));
}

}  // namespace typedis::timeseries::detail

namespace typedis {

void decoder<timeseries::sample>::decode(resp::reply_cursor& cursor, timeseries::sample& out) {
  constexpr std::string_view expected = "sample [timestamp, value]";
  const resp::node& head = detail::aggregate(cursor, expected);
  if (head.type == resp::type::map || head.size != 2) detail::throw_mismatch(expected, head, cursor);
  long long ms = 0;
  decode_into(cursor, ms);
  out.timestamp = timeseries::detail::time_from_millis(ms);
  decode_into(cursor, out.value);
}

void decoder<std::optional<timeseries::sample>>::decode(resp::reply_cursor& cursor,
                                                        std::optional<timeseries::sample>& out) {
  const resp::node& n = cursor.peek();
  if (n.type == resp::type::null || (resp::is_aggregate(n.type) && n.type != resp::type::attribute && n.size == 0)) {
    cursor.skip();
    out.reset();
    return;
  }
  out.emplace();
  decoder<timeseries::sample>::decode(cursor, *out);
}

}  // namespace typedis
