// RedisJSON through the typed module API: a user struct stored with JSON.SET and read back with
// JSON.GET, converted by nlohmann's to_json/from_json, and JSONPath queries whose answers are the
// matches (typedis::redisjson::matches) next to legacy paths that answer the single value. Needs a server
// with RedisJSON (Redis 8, redis-stack-server); prints a note and exits 0 without one.
//
//   module_json [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/modules.hpp>
#include <typedis/typedis.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

struct user {
  std::string name;
  int age = 0;
  std::vector<std::string> roles;
};
void to_json(nlohmann::json& j, const user& u) { j = {{"name", u.name}, {"age", u.age}, {"roles", u.roles}}; }
void from_json(const nlohmann::json& j, user& u) {
  j.at("name").get_to(u.name);
  j.at("age").get_to(u.age);
  j.at("roles").get_to(u.roles);
}

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";

  try {
    typedis::client r{url};
    const std::string key = "typedis:example:user:1";

    // A user type is a JSON document argument as it is (json_arg uses its to_json).
    try {
      r.json_set(key, "$", user{"ada", 36, {"admin"}});
    } catch (const typedis::server_error& e) {
      std::cout << "this server has no RedisJSON (" << e.what() << "): nothing to show\n";
      return 0;
    }
    r.json_arrappend(key, "$.roles", {"dev", "ops"});  // JSON strings
    r.json_numincrby(key, "$.age", 1);

    // A legacy path answers the value itself; a JSONPath answers the list of its matches.
    const user u = r.json_get_legacy(key, ".").value().get<user>();
    std::cout << u.name << " is " << u.age << " with " << u.roles.size() << " roles\n";
    // Kept in a variable: a range-for over `r.json_get(...).value()` would iterate a destroyed temporary.
    const std::optional<typedis::redisjson::matches> roles = r.json_get(key, "$.roles[*]");
    for (const nlohmann::json& role : roles.value()) std::cout << "  role " << role << '\n';
    std::cout << "types of $.* -> ";
    for (const std::string& t : r.json_type(key, "$.*")) std::cout << t << ' ';
    std::cout << "\nlength of $.roles -> " << r.json_arrlen(key, "$.roles").at(0).value_or(0) << '\n';
    // Several paths: an object path -> matches.
    std::cout << "$.name and $.age -> " << r.json_get_paths(key, {"$.name", "$.age"}).value().dump() << '\n';

    r.json_del(key);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
