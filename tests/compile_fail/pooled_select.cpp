// expect: no member named .*select
// SELECT would make later pooled writes land in another database: commands that change a
// connection's state (spec: connection_state) are not methods of the pooled client.
#include "typedis/typedis.hpp"

void pooled_select(typedis::client& r) { (void)r.select(1); }
