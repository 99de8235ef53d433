#include "typedis/codec/encode.hpp"

#include <charconv>
#include <cmath>

namespace typedis::detail {

void encode_double(resp::writer& w, double v) {
  if (std::isinf(v)) {
    w.bulk(v > 0 ? "+inf" : "-inf");
    return;
  }
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  w.bulk(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

}  // namespace typedis::detail
