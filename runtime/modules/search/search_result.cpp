// Decoding FT.SEARCH's reply (see include/typedis/search/search_result.hpp).
#include "typedis/search/search_result.hpp"

#include "reply_reading.hpp"
#include "search_options.hpp"

namespace typedis {

namespace {

using search::document;
using search::search_result;
namespace sd = search::detail;

// A score: a number (bulk text in RESP2, double in RESP3), or with EXPLAINSCORE [score, explanation].
void read_score(resp::reply_cursor& cursor, document& doc) {
  const resp::node& n = cursor.peek();
  if (resp::is_aggregate(n.type) && n.type != resp::type::map) {
    cursor.next();
    if (n.size != 2) detail::throw_mismatch("EXPLAINSCORE score [score, explanation]", n, cursor);
    decode_into(cursor, doc.score.emplace());
    doc.score_explanation = resp::value::read(cursor);
    return;
  }
  decode_into(cursor, doc.score.emplace());
}

void read_document3(resp::reply_cursor& cursor, document& doc) {
  bool has_id = false;
  sd::read_map(cursor, "FT.SEARCH result (map)", [&](std::string_view key) {
    if (key == "id") {
      decode_into(cursor, doc.id);
      has_id = true;
    } else if (key == "score") {
      read_score(cursor, doc);
    } else if (key == "payload") {
      decode_into(cursor, doc.payload);
    } else if (key == "sortkey") {
      decode_into(cursor, doc.sort_key);
    } else if (key == "extra_attributes") {
      sd::read_field_list(cursor, doc.fields, "extra_attributes (map)");
    } else {
      cursor.skip();  // "values" (always empty for FT.SEARCH) and keys of newer servers
    }
  });
  if (!has_id) throw decode_error("FT.SEARCH result with an id", "no id");
}

void decode_resp3(resp::reply_cursor& cursor, search_result& out) {
  bool has_total = false, has_results = false;
  sd::read_map(cursor, "FT.SEARCH reply (map)", [&](std::string_view key) {
    if (key == "total_results") {
      decode_into(cursor, out.total);
      has_total = true;
    } else if (key == "results") {
      const resp::node& head = detail::aggregate(cursor, "FT.SEARCH results (array)");
      out.documents.reserve(head.size);
      for (std::size_t i = 0; i < head.size; ++i) read_document3(cursor, out.documents.emplace_back());
      has_results = true;
    } else if (key == "warning") {
      sd::read_warnings(cursor, out.warnings);
    } else if (key == "format") {
      decode_into(cursor, out.format);
    } else {
      cursor.skip();  // "attributes" and keys of newer servers
    }
  });
  if (!has_total) throw decode_error("FT.SEARCH reply with total_results", "no total_results");
  if (!has_results) throw decode_error("FT.SEARCH reply with results", "no results");
}

bool is_fields(const resp::node& n) { return resp::is_aggregate(n.type); }

void decode_resp2(resp::reply_cursor& cursor, search_result& out) {
  const resp::node& head = detail::aggregate(cursor, "FT.SEARCH reply (array or map)");
  if (head.size == 0) detail::throw_mismatch("FT.SEARCH reply starting with the total", head, cursor);
  decode_into(cursor, out.total);
  std::size_t remaining = head.size - 1;
  const sd::search_layout layout = sd::read_search_layout(cursor.request());
  if (layout.known) {
    const std::size_t per_document = 1 + std::size_t{layout.withscores} + std::size_t{layout.withpayloads} +
                                     std::size_t{layout.withsortkeys} + std::size_t{!layout.nocontent};
    if (remaining % per_document != 0) {
      throw decode_error("FT.SEARCH reply of " + std::to_string(per_document) + " elements per document",
                         std::to_string(remaining) + " elements after the total");
    }
    out.documents.reserve(remaining / per_document);
    for (; remaining > 0; remaining -= per_document) {
      document& doc = out.documents.emplace_back();
      decode_into(cursor, doc.id);
      if (layout.withscores) read_score(cursor, doc);
      if (layout.withpayloads) decode_into(cursor, doc.payload);
      if (layout.withsortkeys) decode_into(cursor, doc.sort_key);
      if (!layout.nocontent) sd::read_field_list(cursor, doc.fields, "document fields (array)");
    }
    return;
  }
  // No request to read the options from: id, then fields when an array follows.
  while (remaining > 0) {
    document& doc = out.documents.emplace_back();
    decode_into(cursor, doc.id);
    --remaining;
    if (remaining > 0 && is_fields(cursor.peek())) {
      sd::read_field_list(cursor, doc.fields, "document fields (array)");
      --remaining;
    }
  }
}

}  // namespace

void decoder<search::search_result>::decode(resp::reply_cursor& cursor, search::search_result& out) {
  out = {};
  if (cursor.peek().type == resp::type::map) {
    decode_resp3(cursor, out);
  } else {
    decode_resp2(cursor, out);
  }
}

}  // namespace typedis
