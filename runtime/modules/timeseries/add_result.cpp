// Decoder of typedis::timeseries::add_result: a timestamp, or the error of that one sample.
#include "typedis/timeseries/add_result.hpp"

#include "typedis/error.hpp"

void typedis::decoder<typedis::timeseries::add_result>::decode(resp::reply_cursor& cursor,
                                                               typedis::timeseries::add_result& out) {
  const resp::node& n = cursor.peek();
  if (resp::is_error(n.type)) {
    cursor.next();
    out = timeseries::add_result(error_info::from_server(server_error("TS.MADD", cursor.text(n))));
    return;
  }
  timeseries::sample_time t;
  decode_into(cursor, t);
  out = timeseries::add_result(t);
}
