// libFuzzer target: core::session, the I/O-free protocol session, fed the input as the server's
// bytes (through prepare/commit, in pieces the first byte chooses) after queueing a few requests,
// some abandoned, with or without a handshake, RESP2 or RESP3, raw or not. Invariants: replies come
// in request order, each id at most once, never for an abandoned request, never more than were
// queued (a stray reply ends the session instead); once failed, it stays failed with the same
// failure; the read buffer (and a large value's own string) never grows far beyond the bytes that
// arrived (issue 14 item 2: a header announcing 512 MiB must not make it allocate them).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "core/session.hpp"
#include "fuzz_support.hpp"
#include "typedis/error.hpp"

namespace {

using typedis::core::session;
using typedis_fuzz::broken;

const std::string get_request = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t flags = data[0];
  const std::size_t step = 1 + data[1] % 64;
  const bool direct = (data[1] & 64) != 0;
  data += 2;
  size -= 2;

  session::options o;  // default limits: a huge announced length must not be allocated
  o.endpoint = "fuzz";
  // Bulk replies from 4 bytes read straight into their own string (issue 16 item 5), so that
  // small inputs reach that path too.
  if (direct) o.direct_min = 4;
  session s(o);
  if (flags & 1) {
    typedis::connection_options conn;
    conn.protocol = (flags & 2) ? typedis::protocol_version::resp3 : typedis::protocol_version::resp2;
    if (flags & 4) conn.password = "pw";
    if (flags & 8) conn.database = 3;
    s.start_handshake(conn);
  } else {
    s.assume_protocol((flags & 2) ? typedis::protocol_version::resp3 : typedis::protocol_version::resp2);
  }
  const bool raw = (flags & 16) != 0;
  s.set_raw(raw);
  const std::size_t queued = raw ? 0 : 1 + (flags >> 5);  // 1..8 requests
  std::vector<typedis::core::request_id> ids;
  for (std::size_t i = 0; i < queued; ++i) ids.push_back(s.queue(get_request, "GET"));
  std::vector<bool> abandoned(queued, false);
  for (std::size_t i = 0; i < queued; ++i) {
    if ((flags >> 5) & 1 && i % 2 == 1) {
      s.abandon(ids[i]);
      abandoned[i] = true;
    }
  }
  s.consume_output(s.pending_output().size());  // "written"

  std::size_t fed = 0;
  std::size_t next_expected = 0;  // index into ids of the next reply
  std::exception_ptr failure;
  while (true) {
    const session::event e = s.next();
    if (e.what == session::event::kind::failed) {
      if (!s.failure()) broken("failed without a failure");
      if (failure && failure != s.failure()) broken("a second, different failure");
      failure = s.failure();
      if (fed >= size) break;
      // Once failed it stays failed, whatever arrives.
      const std::size_t n = std::min(step, size - fed);
      auto room = s.prepare(n);
      std::memcpy(room.data(), data + fed, std::min(n, room.size()));
      s.commit(std::min(n, room.size()));
      fed += n;
      continue;
    }
    if (failure) broken("an event after the session failed");
    if (e.what == session::event::kind::reply) {
      if (raw) broken("a matched reply in raw mode");
      while (next_expected < queued && abandoned[next_expected]) ++next_expected;
      if (next_expected >= queued) broken("a reply for a request never queued");
      if (e.request != ids[next_expected]) broken("a reply out of order or for an abandoned request");
      ++next_expected;
      continue;
    }
    if (e.what != session::event::kind::need_more) continue;  // push, frame
    if (fed >= size) break;
    const std::size_t n = std::min(step, size - fed);
    auto room = s.prepare(n);
    // Less room than asked only at the end of a value read straight into its string.
    if (room.empty() || (room.size() < n && !direct)) broken("prepare gave less room than asked");
    const std::size_t m = std::min(n, room.size());
    std::memcpy(room.data(), data + fed, m);
    s.commit(m);
    fed += m;
    // Bounded look-ahead: capacity follows the bytes that arrived, not what a header announced.
    if (s.buffer_capacity() > 2 * s.bytes_in() + (4u << 20))
      broken("read buffer far beyond the bytes received");
  }
  return 0;
}
