"""A minimal blocking RESP2/RESP3 client (stdlib socket only), enough for the importer.

Decoded values: simple/bulk/verbatim strings -> str (bytes decoded as UTF-8 with
surrogateescape), integers -> int, doubles -> float, null -> None, boolean -> bool,
arrays/sets/pushes -> list, maps -> dict (non-hashable keys are turned into tuples),
big numbers -> int. Error replies raise RespError.
"""

import socket
import urllib.parse


class RespError(Exception):
    """An error reply from the server (the message keeps its prefix, e.g. 'ERR ...')."""


class ProtocolError(Exception):
    """The byte stream is not valid RESP."""


def encode_command(args):
    """RESP array of bulk strings for one command."""
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode("utf-8")
        elif isinstance(a, int):
            a = str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def _hashable(v):
    if isinstance(v, list):
        return tuple(_hashable(x) for x in v)
    if isinstance(v, dict):
        return tuple((k, _hashable(x)) for k, x in v.items())
    return v


class Reader:
    """Incremental RESP2/RESP3 reader over a byte source with a read(n) -> bytes callable."""

    MAX_DEPTH = 64

    def __init__(self, recv):
        self._recv = recv
        self._buf = bytearray()
        self._pos = 0

    def _fill(self):
        chunk = self._recv(65536)
        if not chunk:
            raise ConnectionError("connection closed by server")
        if self._pos > 65536:
            del self._buf[: self._pos]
            self._pos = 0
        self._buf += chunk

    def _line(self):
        while True:
            i = self._buf.find(b"\r\n", self._pos)
            if i >= 0:
                line = bytes(self._buf[self._pos:i])
                self._pos = i + 2
                return line
            self._fill()

    def _exact(self, n):
        while len(self._buf) - self._pos < n + 2:
            self._fill()
        data = bytes(self._buf[self._pos:self._pos + n])
        if self._buf[self._pos + n:self._pos + n + 2] != b"\r\n":
            raise ProtocolError("bulk string not terminated by CRLF")
        self._pos += n + 2
        return data

    @staticmethod
    def _text(b):
        return b.decode("utf-8", "surrogateescape")

    def read(self, depth=0):
        if depth > self.MAX_DEPTH:
            raise ProtocolError("nesting too deep")
        line = self._line()
        if not line:
            raise ProtocolError("empty line")
        t, rest = line[:1], line[1:]
        if t == b"+":
            return self._text(rest)
        if t == b"-":
            raise RespError(self._text(rest))
        if t == b":":
            return int(rest)
        if t == b"(":
            return int(rest)
        if t == b",":
            s = rest.decode().lower()
            return float(s)
        if t == b"#":
            return rest == b"t"
        if t == b"_":
            return None
        if t in (b"$", b"="):
            n = int(rest)
            if n < 0:
                return None
            data = self._exact(n)
            if t == b"=":
                data = data[4:]  # 'txt:' / 'mkd:'
            return self._text(data)
        if t == b"!":
            raise RespError(self._text(self._exact(int(rest))))
        if t in (b"*", b"~", b">"):
            n = int(rest)
            if n < 0:
                return None
            return [self.read(depth + 1) for _ in range(n)]
        if t == b"%":
            n = int(rest)
            out = {}
            for _ in range(n):
                k = _hashable(self.read(depth + 1))
                out[k] = self.read(depth + 1)
            return out
        if t == b"|":  # attribute: read and drop, then the real value follows
            n = int(rest)
            for _ in range(2 * n):
                self.read(depth + 1)
            return self.read(depth)
        raise ProtocolError("unknown RESP type byte %r" % t)


class Connection:
    """One connection to redis://[user:password@]host:port[/db]. protocol=3 sends HELLO 3."""

    def __init__(self, url, protocol=3, timeout=10.0):
        u = urllib.parse.urlparse(url)
        if u.scheme not in ("redis", ""):
            raise ValueError("only redis:// URLs are supported, got %r" % url)
        self.host = u.hostname or "127.0.0.1"
        self.port = u.port or 6379
        self.sock = socket.create_connection((self.host, self.port), timeout=timeout)
        self.reader = Reader(self.sock.recv)
        self.protocol = 2
        self.hello = None  # HELLO's reply (server name, version) when the server speaks RESP3
        if protocol == 3:
            try:
                hello = ["HELLO", "3"]
                if u.password is not None:
                    hello += ["AUTH", urllib.parse.unquote(u.username or "default"),
                              urllib.parse.unquote(u.password)]
                self.hello = self.call(*hello)
                self.protocol = 3
            except RespError:
                self.protocol = 2
        if self.protocol == 2 and u.password is not None:
            if u.username:
                self.call("AUTH", urllib.parse.unquote(u.username), urllib.parse.unquote(u.password))
            else:
                self.call("AUTH", urllib.parse.unquote(u.password))

    def call(self, *args):
        self.sock.sendall(encode_command(args))
        return self.reader.read()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
