/// @file
/// typedis::json_arg: a JSON document passed as a command argument (JSON.SET's value, JSON.ARRAPPEND's
/// values, VADD SETATTR, ...). Built from anything nlohmann::json can be built from: an
/// nlohmann::json, a number, a string (a JSON string, not JSON text), a user type with to_json. It is
/// serialized once, when the argument is made, and owns its text, so it can be stored in options.
///
/// Only <nlohmann/json_fwd.hpp> is included here, to keep <typedis/typedis.hpp> light; building a
/// json_arg from a value needs <nlohmann/json.hpp> (or <typedis/modules.hpp>) where it is built.
/// Text that already is JSON goes in unparsed with json_arg::raw(R"({"a":1})").
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <nlohmann/json_fwd.hpp>

#include "typedis/codec/encode.hpp"

namespace typedis {

class json_arg {
 public:
  template <class T>
    requires(!std::same_as<std::remove_cvref_t<T>, json_arg>)
  json_arg(const T& value) : text_(serialize<T>(value)) {}  // NOLINT: implicit on purpose, like a JSON value

  /// JSON null, like a default nlohmann::json (so generated structs can hold a json_arg member).
  json_arg() : text_("null") {}

  /// JSON text sent as is (not validated here: the server rejects invalid JSON).
  static json_arg raw(std::string_view json_text) { return json_arg(std::string(json_text), raw_tag{}); }

  std::string_view text() const noexcept { return text_; }

 private:
  struct raw_tag {};
  json_arg(std::string text, raw_tag) : text_(std::move(text)) {}

  /// Dependent on T, so nlohmann::json only has to be complete where a json_arg is built.
  template <class T, class J = nlohmann::json>
  static std::string serialize(const T& value) {
    if constexpr (std::same_as<T, J>) {
      return value.dump();
    } else {
      return J(value).dump();
    }
  }

  std::string text_;
};

template <>
struct encoder<json_arg> {
  static void encode(resp::writer& w, const json_arg& v) { w.bulk(v.text()); }
};

}  // namespace typedis
