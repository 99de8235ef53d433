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

constexpr key_spec script_keys[] = {{key_spec::kind::keynum, 2, 0, 1, 1, "", 0}};

}  // namespace

// EVALSHA may write; the read-only forms (EVALSHA_RO, FCALL_RO) may be retried after an I/O error.
const command_info script::evalsha_info{"EVALSHA", command_flag::noscript, script_keys};
const command_info script::evalsha_ro_info{"EVALSHA_RO", command_flag::readonly | command_flag::noscript, script_keys};
const command_info script::fcall_ro_info{"FCALL_RO", command_flag::readonly | command_flag::noscript, script_keys};

script::script(std::string source) {
  std::string sha = sha1_hex(source);
  data_ = std::make_shared<const data>(data{std::move(source), std::move(sha)});
}

typedis::command<std::string> script::load() const {
  return make_command<std::string>(generic_command_info, "SCRIPT LOAD", source());
}

void script::write_call(resp::writer& w, std::string_view command, std::string_view target,
                        arg_range<std::string_view> keys, arg_range<std::string_view> args) {
  w.bulk(command);
  w.bulk(target);
  w.integer(keys.size());
  keys.for_each([&](std::string_view k) { w.bulk(k); });
  args.for_each([&](std::string_view a) { w.bulk(a); });
}

}  // namespace typedis
