/// @file
/// One page of a cursor: the reply of FT.AGGREGATE ... WITHCURSOR (r.ft_aggregate_withcursor) and of
/// FT.CURSOR READ (r.ft_cursor_read). Both protocols send [result, cursor id]: the result as
/// FT.AGGREGATE's (a RESP2 array or a RESP3 map), the id 0 once the cursor is exhausted.
/// typedis::search::pages (cursor_pages.hpp) iterates over all pages.
#pragma once

#include "typedis/codec/decode.hpp"
#include "typedis/search/aggregate_result.hpp"

namespace typedis::search {

struct aggregate_page {
  aggregate_result result;
  long long cursor_id = 0;  ///< 0: no more pages (the server has freed the cursor)
};

}  // namespace typedis::search

template <>
struct typedis::decoder<typedis::search::aggregate_page> {
  static void decode(resp::reply_cursor& cursor, typedis::search::aggregate_page& out);
};
