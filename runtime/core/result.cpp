#include "typedis/result.hpp"

namespace typedis {

error_info error_info::from_server(const server_error& e) {
  error_info info;
  info.kind = dynamic_cast<const auth_error*>(&e) ? error_kind::auth : error_kind::server;
  info.prefix = e.prefix();
  info.message = e.what();
  info.exception = std::make_exception_ptr(e);
  return info;
}

error_info error_info::current() {
  error_info info;
  info.exception = std::current_exception();
  try {
    throw;
  } catch (const auth_error& e) {
    info = from_server(e);
    info.exception = std::current_exception();
  } catch (const server_error& e) {
    info = from_server(e);
    info.exception = std::current_exception();
  } catch (const timeout_error& e) {
    info.kind = error_kind::timeout;
    info.state = e.state();
    info.message = e.what();
  } catch (const io_error& e) {
    info.kind = error_kind::io;
    info.state = e.state();
    info.message = e.what();
  } catch (const protocol_error& e) {
    info.kind = error_kind::protocol;
    info.message = e.what();
  } catch (const decode_error& e) {
    info.kind = error_kind::decode;
    info.message = e.what();
  } catch (const closed_error& e) {
    info.kind = error_kind::closed;
    info.message = e.what();
  } catch (const pool_timeout_error& e) {
    info.kind = error_kind::pool_timeout;
    info.message = e.what();
  } catch (const std::exception& e) {
    info.kind = error_kind::other;
    info.message = e.what();
  }
  return info;
}

}  // namespace typedis
