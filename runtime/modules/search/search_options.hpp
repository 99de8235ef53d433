// Internal: the FT.SEARCH options that change the RESP2 reply layout, read back from the request.
#pragma once

#include <string_view>

namespace typedis::search::detail {

struct search_layout {
  bool nocontent = false;
  bool withscores = false;
  bool withpayloads = false;
  bool withsortkeys = false;
  bool explainscore = false;
  bool known = false;  // the request was available and was an FT.SEARCH / FT.PROFILE SEARCH
};

// Reads FT.SEARCH index query [options] or FT.PROFILE index SEARCH [LIMITED] QUERY query [options].
// Values of options (FILTER's field, RETURN's names, PARAMS blobs, ...) are skipped by the
// option's known word count, so a value spelled like a flag is not taken for one.
search_layout read_search_layout(std::string_view request) noexcept;

}  // namespace typedis::search::detail
