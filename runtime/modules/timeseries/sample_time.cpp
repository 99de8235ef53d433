// Decoder of typedis::timeseries::sample_time: an integer of milliseconds since the epoch.
#include "typedis/timeseries/sample_time.hpp"

#include "typedis/timeseries/sample.hpp"

void typedis::decoder<typedis::timeseries::sample_time>::decode(resp::reply_cursor& cursor,
                                                                typedis::timeseries::sample_time& out) {
  long long ms = 0;
  decode_into(cursor, ms);
  out = timeseries::detail::time_from_millis(ms);
}
