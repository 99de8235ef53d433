/// @file
/// typedis::timeseries::add_result: one element of TS.MADD's reply. The module answers each sample on
/// its own: its timestamp, or an error for that sample alone (the others are still added), so an
/// element is a typedis::result: the timestamp, or the error (value() rethrows it as server_error).
#pragma once

#include "typedis/codec/decode.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/result.hpp"
#include "typedis/timeseries/sample_time.hpp"

namespace typedis::timeseries {

struct add_result : typedis::result<sample_time> {
  add_result() : result(sample_time{}) {}
  using result::result;
};

}  // namespace typedis::timeseries

template <>
struct typedis::decoder<typedis::timeseries::add_result> {
  static void decode(resp::reply_cursor& cursor, typedis::timeseries::add_result& out);
};
