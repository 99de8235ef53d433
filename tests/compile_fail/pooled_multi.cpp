// expect: no member named .*multi
// after MULTI the pool's next user would get QUEUED for a GET: commands that change a
// connection's state (spec: connection_state) are not methods of the pooled client.
#include "typedis/typedis.hpp"

void pooled_multi(typedis::client& r) { (void)r.multi(); }
