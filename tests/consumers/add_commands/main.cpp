// A client with the extra typed methods that typedis_add_commands() generated from spec/.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <ext/generated/command_methods.hpp>
#include <typedis/typedis.hpp>

class my_client : public typedis::client, public ext::command_methods<my_client> {
 public:
  using typedis::client::client;
  using typedis::client::execute;
};

int main() {
  // The builder exists without a server.
  if (ext::cmd::shout("hi").bytes() != "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n") {
    std::puts("wrong request bytes");
    return 1;
  }
  const char* url = std::getenv("TYPEDIS_TEST_URL");
  if (url == nullptr || *url == '\0') {
    std::puts("TYPEDIS_TEST_URL unset");
    return 77;
  }
  my_client r{url};
  const std::string echoed = r.shout("hello");  // generated method, typed reply
  const long long n = r.incr("typedis:consumer:add_commands");  // and the core methods as well
  std::printf("shout -> %s, incr -> %lld\n", echoed.c_str(), n);
  return echoed == "hello" && n > 0 ? 0 : 1;
}
