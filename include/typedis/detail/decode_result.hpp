// Internal: decoding one reply element into result<T>: a server error element or a decode failure
// becomes the result's error, and the cursor always ends after the element.
#pragma once

#include <string_view>

#include "typedis/codec/decode.hpp"
#include "typedis/error.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/result.hpp"

namespace typedis::detail {

template <class T>
result<T> decode_result(resp::reply_cursor& cursor, std::string_view command) {
  const std::size_t start = cursor.position();
  const resp::node& top = cursor.peek();
  if (resp::is_error(top.type)) {
    server_error e(command, cursor.text(top));
    cursor.skip();
    return error_info::from_server(e);
  }
  try {
    T out{};
    decoder<T>::decode(cursor, out);
    return result<T>(std::move(out));
  } catch (const decode_error& e) {
    cursor.rewind(start);
    cursor.skip();
    error_info info;
    info.kind = error_kind::decode;
    const decode_error named = e.command().empty() ? e.with_command(command) : e;
    info.message = named.what();
    info.exception = std::make_exception_ptr(named);
    return info;
  } catch (const server_error& e) {  // an error nested inside the reply
    cursor.rewind(start);
    cursor.skip();
    return error_info::from_server(server_error(command, e.message()));
  }
}

// The fast path of a pipeline slot: decodes into `out` and returns true; on a decode failure
// rewinds the cursor to the element's start and returns false (decode_result then reports it).
template <class T>
bool decode_into_slot(resp::reply_cursor& cursor, T& out) {
  const std::size_t start = cursor.position();
  try {
    decoder<T>::decode(cursor, out);
    return true;
  } catch (const decode_error&) {
  } catch (const server_error&) {
  }
  cursor.rewind(start);
  out = T{};
  return false;
}

}  // namespace typedis::detail
