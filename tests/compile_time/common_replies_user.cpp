// A user's file: calls whose reply types are all in TYPEDIS_COMMON_REPLIES
// (include/typedis/detail/common_replies.hpp), on the client, a group client, the nothrow() view
// and a pinned connection. execute_not_instantiated.cmake checks that its object file defines no
// execute<T> and refers to the library's.
#include <typedis/basic_client.hpp>
#include <typedis/commands/string.hpp>
#include <typedis/typedis.hpp>

void calls(typedis::client& r, typedis::basic_client<typedis::string_commands>& s) {
  (void)r.get("k");
  (void)r.incr("n");
  (void)r.lrange("l", 0, -1);
  (void)r.hgetall("h");
  (void)r.smembers("s");
  (void)r.zscore("z", "m");
  (void)r.mget({"a", "b"});
  (void)r.set("k", "v");
  (void)r.nothrow().get("k");
  (void)s.strlen("k");
  typedis::pinned_connection c = r.pin();
  (void)c.get("k");
}
