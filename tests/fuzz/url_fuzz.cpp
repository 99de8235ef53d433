// libFuzzer target: parse_url over arbitrary text (only config_error may escape), and the secrecy
// property of issue 14 item 6 as a differential check: a user name and password taken from the
// input are placed in URLs of several shapes, once as given and once with every letter g-z/G-Z
// rotated (delimiters, digits and hex digits are kept, so the URL parses the same way). The two
// outcomes must be identical: a message that differs shows text of the userinfo.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "typedis/error.hpp"
#include "typedis/url.hpp"

namespace {

// What parse_url says about `url`: "" when it accepts it, else the message.
std::string outcome(const std::string& url) {
  try {
    (void)typedis::parse_url(url);
    return {};
  } catch (const typedis::config_error& e) {
    return e.what();
  } catch (const std::exception& e) {
    typedis_fuzz::broken("parse_url threw something else than config_error:", e.what());
  }
}

char rotate(char ch) {
  if (ch >= 'g' && ch <= 'z') return static_cast<char>('g' + (ch - 'g' + 10) % 20);
  if (ch >= 'G' && ch <= 'Z') return static_cast<char>('G' + (ch - 'G' + 10) % 20);
  return ch;
}

std::string fill(std::string_view shape, const std::string& userinfo) {
  std::string out(shape);
  out.replace(out.find("{}"), 2, userinfo);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)outcome(text);
  (void)outcome("redis://" + text);

  static constexpr std::string_view shapes[] = {
      "redis://{}@host:6379/0", "rediss://{}@[::1]:6380?db=2", "redis://{}@h?protocol=9",
      "redis://{}@bad$host",    "unix://{}@/tmp/redis.sock?db=x", "redis://{}@host:port",
  };
  std::string rotated = text;
  for (char& ch : rotated) ch = rotate(ch);
  if (rotated == text) return 0;
  for (std::string_view shape : shapes) {
    const std::string a = outcome(fill(shape, text));
    const std::string b = outcome(fill(shape, rotated));
    if (a != b) typedis_fuzz::broken("userinfo text reached a message:", a + " | " + b);
  }
  return 0;
}
