// The same 20 calls on a client composed of the command groups they use (docs/generated-api.md,
// "Paying only for the groups you use").
#include <typedis/basic_client.hpp>
#include <typedis/commands/generic.hpp>
#include <typedis/commands/hash.hpp>
#include <typedis/commands/list.hpp>
#include <typedis/commands/set.hpp>
#include <typedis/commands/sorted_set.hpp>
#include <typedis/commands/string.hpp>

using namespace std::chrono_literals;

using small_client = typedis::basic_client<typedis::string_commands, typedis::generic_commands, typedis::list_commands,
                                           typedis::set_commands, typedis::hash_commands, typedis::sorted_set_commands>;

void twenty_calls(small_client& r) {
  r.set("k", "v", {.expiration = typedis::ex{30s}});
  (void)r.get("k");
  (void)r.incr("n");
  (void)r.incrby("n", 2);
  (void)r.del({"a", "b"});
  (void)r.exists({"a"});
  (void)r.expire("k", 10s);
  (void)r.ttl("k");
  (void)r.lpush("l", {"x"});
  (void)r.lrange("l", 0, -1);
  (void)r.sadd("s", {"m"});
  (void)r.smembers("s");
  (void)r.hset("h", {{"f", "v"}});
  (void)r.hget("h", "f");
  (void)r.hgetall("h");
  (void)r.zadd("z", {{1.5, "a"}});
  (void)r.zscore("z", "a");
  (void)r.mget({"a", "b"});
  (void)r.append("k", "x");
  (void)r.strlen("k");
}
