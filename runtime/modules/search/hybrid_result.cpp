// Decoding FT.HYBRID's reply (include/typedis/search/hybrid_result.hpp).
#include "typedis/search/hybrid_result.hpp"

#include "reply_reading.hpp"

namespace typedis {

void decoder<search::hybrid_result>::decode(resp::reply_cursor& cursor, search::hybrid_result& out) {
  namespace sd = search::detail;
  out = {};
  bool has_total = false, has_results = false;
  sd::read_map(cursor, "FT.HYBRID reply (map)", [&](std::string_view key) {
    if (key == "total_results") {
      decode_into(cursor, out.total);
      has_total = true;
    } else if (key == "results") {
      const resp::node& head = detail::aggregate(cursor, "FT.HYBRID results (array)");
      out.results.reserve(head.size);
      for (std::size_t i = 0; i < head.size; ++i) {
        sd::read_field_list(cursor, out.results.emplace_back().fields, "FT.HYBRID result (map)");
      }
      has_results = true;
    } else if (key == "warnings" || key == "warning") {
      sd::read_warnings(cursor, out.warnings);
    } else if (key == "execution_time") {
      decode_into(cursor, out.execution_time);
    } else {
      cursor.skip();  // keys of newer servers
    }
  });
  if (!has_total) throw decode_error("FT.HYBRID reply with total_results", "no total_results");
  if (!has_results) throw decode_error("FT.HYBRID reply with results", "no results");
}

}  // namespace typedis
