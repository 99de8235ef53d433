// expect: this command's reply type is not T
// A dynamic pipeline of one reply type takes only commands of that type: GET (an optional string)
// on a dynamic_pipeline<long long> must not compile, with a message that says why.
#include "typedis/typedis.hpp"

void misuse(typedis::client& r) {
  auto p = r.dynamic_pipeline<long long>();
  p.get("k");
  (void)p.exec();
}
