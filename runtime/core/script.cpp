#include "typedis/script.hpp"

#include <openssl/evp.h>

#include "typedis/error.hpp"

namespace typedis {
namespace {

std::string sha1_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr) != 1)
    throw error("script: SHA1 is not available from OpenSSL");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace

script::script(std::string source) {
  std::string sha = sha1_hex(source);
  data_ = std::make_shared<const data>(data{std::move(source), std::move(sha)});
}

typedis::command<std::string> script::load() const {
  return cmd::script_load(source());
}

}  // namespace typedis
