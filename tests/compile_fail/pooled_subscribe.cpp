// expect: no member named .*subscribe
// SUBSCRIBE would leave a pooled connection in subscribed mode: commands that change a
// connection's state (spec: connection_state) are not methods of the pooled client.
#include "typedis/typedis.hpp"

void pooled_subscribe(typedis::client& r) { (void)r.subscribe({"news"}); }
