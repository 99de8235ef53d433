// Decoding FT.AGGREGATE's reply and a cursor page (include/typedis/search/aggregate_*.hpp).
#include "typedis/search/aggregate_page.hpp"
#include "typedis/search/aggregate_result.hpp"
#include "reply_reading.hpp"

namespace typedis {

namespace {

namespace sd = search::detail;

void read_row3(resp::reply_cursor& cursor, search::aggregate_row& row) {
  sd::read_map(cursor, "FT.AGGREGATE result (map)", [&](std::string_view key) {
    if (key == "extra_attributes") {
      sd::read_field_list(cursor, row.fields, "extra_attributes (map)");
    } else {
      cursor.skip();  // "values", and keys of newer servers
    }
  });
}

}  // namespace

void decoder<search::aggregate_result>::decode(resp::reply_cursor& cursor, search::aggregate_result& out) {
  out = {};
  if (cursor.peek().type == resp::type::map) {
    bool has_total = false, has_results = false;
    sd::read_map(cursor, "FT.AGGREGATE reply (map)", [&](std::string_view key) {
      if (key == "total_results") {
        decode_into(cursor, out.total);
        has_total = true;
      } else if (key == "results") {
        const resp::node& head = detail::aggregate(cursor, "FT.AGGREGATE results (array)");
        out.rows.reserve(head.size);
        for (std::size_t i = 0; i < head.size; ++i) read_row3(cursor, out.rows.emplace_back());
        has_results = true;
      } else if (key == "warning") {
        sd::read_warnings(cursor, out.warnings);
      } else {
        cursor.skip();  // "attributes", "format", and keys of newer servers
      }
    });
    if (!has_total) throw decode_error("FT.AGGREGATE reply with total_results", "no total_results");
    if (!has_results) throw decode_error("FT.AGGREGATE reply with results", "no results");
    return;
  }
  const resp::node& head = detail::aggregate(cursor, "FT.AGGREGATE reply (array or map)");
  if (head.size == 0) detail::throw_mismatch("FT.AGGREGATE reply starting with the total", head, cursor);
  decode_into(cursor, out.total);
  out.rows.reserve(head.size - 1);
  for (std::size_t i = 1; i < head.size; ++i) sd::read_field_list(cursor, out.rows.emplace_back().fields, "row (array)");
}

void decoder<search::aggregate_page>::decode(resp::reply_cursor& cursor, search::aggregate_page& out) {
  const resp::node& head = detail::aggregate(cursor, "cursor page [result, cursor id]");
  if (head.size != 2 || head.type == resp::type::map) detail::throw_mismatch("cursor page [result, cursor id]", head, cursor);
  decode_into(cursor, out.result);
  decode_into(cursor, out.cursor_id);
}

}  // namespace typedis
