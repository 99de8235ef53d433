// Shared by the module unit tests (tests/unit/module_*_test.cpp): request framing for wire tests,
// RESP framing of reply fixtures, and strict one-reply decoding.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "resp_test_support.hpp"
#include "typedis/error.hpp"
#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace module_test {

// A request as RESP: *N then $len/bytes for every word.
inline std::string wire(std::initializer_list<std::string_view> words) {
  std::string out = "*" + std::to_string(words.size()) + "\r\n";
  for (std::string_view w : words) {
    out += "$" + std::to_string(w.size()) + "\r\n";
    out.append(w.data(), w.size());
    out += "\r\n";
  }
  return out;
}

// Little-endian IEEE-754 FP32 blob of a vector (what VADD FP32 and FT vector PARAMS expect).
inline std::string fp32_blob(std::initializer_list<float> v) {
  std::string out;
  for (float f : v) {
    unsigned char b[4];
    std::memcpy(b, &f, 4);
    out.append(reinterpret_cast<const char*>(b), 4);
  }
  return out;
}

// typedis_test::decode_reply, and the fixture must be exactly one reply (no bytes left over: a
// miscounted aggregate header would otherwise pass silently).
template <class T>
T decode_reply(std::string_view bytes) {
  if (typedis_test::parse_one(bytes).consumed != bytes.size())
    throw std::runtime_error("fixture is more than one reply: " + std::string(bytes.substr(0, 40)));
  return typedis_test::decode_reply<T>(bytes);
}

// Decodes one reply fixture as the answer to `request` (what every executor hands the decoder):
// exactly one reply, and the decoder must consume all of it.
template <class T>
T decode_for(std::string_view request, std::string_view bytes) {
  const typedis_test::parsed r = typedis_test::parse_one(bytes);
  if (r.consumed != bytes.size()) throw std::runtime_error("fixture is more than one reply");
  auto cursor = r.cursor();
  cursor.set_request(request);
  T out = typedis::decode<T>(cursor);
  if (!cursor.at_end()) throw std::runtime_error("decoder left elements behind");
  return out;
}

// For decoder robustness tests: a reply is decoded, or refused with a typedis::error; anything
// else (another exception, elements left behind) fails the test.
struct decode_tally {
  std::size_t decoded = 0;
  std::size_t refused = 0;

  template <class T>
  void attempt(const std::string& bytes, std::string_view request = {}) {
    try {
      (void)decode_for<T>(request, bytes);
      ++decoded;
    } catch (const typedis::error&) {
      ++refused;
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what() << " on " << bytes;
    }
  }
};

// RESP framing helpers (the contents are the documented replies).
inline std::string b(std::string_view s) { return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n"; }
inline std::string st(std::string_view s) { return "+" + std::string(s) + "\r\n"; }
inline std::string i(long long v) { return ":" + std::to_string(v) + "\r\n"; }
inline std::string d(std::string_view v) { return "," + std::string(v) + "\r\n"; }
inline std::string arr(int n) { return "*" + std::to_string(n) + "\r\n"; }
inline std::string map(int n) { return "%" + std::to_string(n) + "\r\n"; }
inline std::string set(int n) { return "~" + std::to_string(n) + "\r\n"; }
inline const std::string nil2 = "$-1\r\n";
inline const std::string null3 = "_\r\n";

template <class T>
void expect_decode_error(const std::string& bytes) {
  SCOPED_TRACE(bytes.substr(0, 80));
  EXPECT_THROW((void)decode_reply<T>(bytes), typedis::decode_error);
}

inline typedis::resp::value as_value(const std::string& bytes) {
  const typedis_test::parsed r = typedis_test::parse_one(bytes);
  if (r.consumed != bytes.size()) throw std::runtime_error("fixture is more than one reply");
  return r.value();
}

// For decoder robustness tests: the parser's own fixtures, the valid replies, and every byte of each
// valid reply replaced by each of `substitutes` (RESP type markers, digits), keeping only what
// still parses as exactly one complete reply.
inline std::vector<std::string> mutated_replies(const std::vector<std::string>& valid, std::string_view substitutes) {
  std::vector<std::string> candidates = typedis_test::fixtures();
  for (const std::string& v : valid) {
    candidates.push_back(v);
    for (std::size_t pos = 0; pos < v.size(); ++pos) {
      for (char ch : substitutes) {
        std::string m = v;
        m[pos] = ch;
        candidates.push_back(std::move(m));
      }
    }
  }
  std::vector<std::string> out;
  for (std::string& bytes : candidates) {
    try {
      if (typedis_test::parse_one(bytes).consumed != bytes.size()) continue;
    } catch (const std::exception&) {
      continue;  // no longer one complete reply
    }
    out.push_back(std::move(bytes));
  }
  return out;
}

}  // namespace module_test

// The reply type of a builder call.
#define REPLY_OF(call) typename decltype(call)::result_type
