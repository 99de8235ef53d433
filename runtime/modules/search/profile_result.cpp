// Decoding FT.PROFILE's reply (include/typedis/search/profile_result.hpp).
#include "typedis/search/profile_result.hpp"

#include "reply_reading.hpp"

namespace typedis {

namespace {

namespace sd = search::detail;

template <class Profile>
void decode_profile(resp::reply_cursor& cursor, Profile& out) {
  out = {};
  if (cursor.peek().type == resp::type::map) {
    // Redis 8 (RediSearch 8.x): {Results: <the query's reply map>, Profile: {...}}. RediSearch 2.10
    // (RESP3): the query's own reply map with one more entry, `profile` (results, total_results,
    // warning, ..., profile). A "results" whose value is a map is the first form.
    const std::size_t start = cursor.position();
    bool has_results = false, has_profile = false, flat = false;
    sd::read_map(cursor, "FT.PROFILE reply (map)", [&](std::string_view key) {
      if (sd::same_word(key, "Results") && cursor.peek().type == resp::type::map) {
        decode_into(cursor, out.result);
        has_results = true;
      } else if (sd::same_word(key, "Profile")) {
        out.profile = resp::value::read(cursor);
        has_profile = true;
      } else {
        if (key == "results" || key == "total_results") flat = true;
        cursor.skip();
      }
    });
    if (!has_results && flat) {
      // The query's decoder reads the same map again and skips `profile` like any unknown key.
      const std::size_t end = cursor.position();
      cursor.rewind(start);
      decode_into(cursor, out.result);
      cursor.rewind(end);
      has_results = true;
    }
    if (!has_results) throw decode_error("FT.PROFILE reply with Results", "no Results");
    if (!has_profile) throw decode_error("FT.PROFILE reply with Profile", "no Profile");
    return;
  }
  const resp::node& head = detail::aggregate(cursor, "FT.PROFILE reply [result, profile]");
  if (head.size != 2) detail::throw_mismatch("FT.PROFILE reply [result, profile]", head, cursor);
  decode_into(cursor, out.result);
  out.profile = resp::value::read(cursor);
}

}  // namespace

void decoder<search::search_profile>::decode(resp::reply_cursor& cursor, search::search_profile& out) {
  decode_profile(cursor, out);
}

void decoder<search::aggregate_profile>::decode(resp::reply_cursor& cursor, search::aggregate_profile& out) {
  decode_profile(cursor, out);
}

}  // namespace typedis
