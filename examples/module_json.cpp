// RedisJSON through the typed module API: a user struct stored with JSON.SET and read back with
// JSON.GET, converted by nlohmann's to_json/from_json. Needs a server with RedisJSON (Redis 8,
// redis-stack-server).
//
//   module_json [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/modules.hpp>
#include <typedis/typedis.hpp>

#include <cstdlib>
#include <iostream>
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
    auto& m = r;
    const std::string key = "typedis:example:user:1";

    m.json_set(key, "$", nlohmann::json(user{"ada", 36, {"admin"}}).dump());
    m.json_arrappend(key, "$.roles", {R"("dev")"});
    m.json_numincrby(key, "$.age", 1);

    // Without a path: the document itself. With a $-path: an array of every match.
    const user u = m.json_get(key).value().get<user>();
    std::cout << u.name << " is " << u.age << " with " << u.roles.size() << " roles\n";
    std::cout << "$.roles -> " << m.json_get_paths(key, {"$.roles"}).value().dump() << '\n';

    m.json_del(key);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
