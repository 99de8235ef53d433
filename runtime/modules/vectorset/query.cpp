#include "typedis/vectorset/query.hpp"

void typedis::encoder<typedis::vectorset::query>::encode(resp::writer& w, const typedis::vectorset::query& q) {
  if (const auto* e = q.as_element()) {
    w.bulk("ELE");
    w.bulk(e->name);
    return;
  }
  typedis::encode(w, *q.as_vector());
}
