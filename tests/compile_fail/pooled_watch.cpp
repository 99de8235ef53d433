// expect: no member named .*watch
// WATCH would abort an unrelated transaction of the pool's next user: commands that change a
// connection's state (spec: connection_state) are not methods of the pooled client.
#include "typedis/typedis.hpp"

void pooled_watch(typedis::client& r) { (void)r.watch({"k"}); }
