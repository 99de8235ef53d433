// <typedis/typedis.hpp> and 20 typed calls on typedis::client (every command group).
#include <typedis/typedis.hpp>

using namespace std::chrono_literals;

void twenty_calls(typedis::client& r) {
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
