# Helpers shared by scripts/demo and scripts/test (source this file; bash only):
# installing the Debian packages the project needs, picking free loopback ports, and starting
# throwaway redis-server processes that are all stopped by servers_stop_all (call it from a trap).
# Servers bind to 127.0.0.1 or unix sockets only and never touch a system redis.

typedis_packages=(build-essential g++ cmake libssl-dev libasio-dev nlohmann-json3-dev libgtest-dev
  libgmock-dev libbenchmark-dev libhiredis-dev python3 python3-jinja2 python3-jsonschema
  redis-server redis-tools redis-sentinel openssl pkg-config prometheus-cpp-dev doxygen clang libclang-rt-dev)

# Installs whichever of typedis_packages is missing; apt-get update only when something is.
install_missing_packages() {
  local missing=() pkg
  for pkg in "${typedis_packages[@]}"; do
    if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
      missing+=("$pkg")
    fi
  done
  ((${#missing[@]} == 0)) && return 0
  echo "installing missing packages: ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; return 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  # On a full system the redis-server package may start a redis on 6379; nothing here uses it.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}

# Ports handed out in this run, so two calls never return the same one.
servers_used_ports=" "

# pick_free_port VAR: sets VAR to a TCP port on 127.0.0.1 that nothing listens on (the kernel hands
# out an ephemeral one) and that no earlier call of this run returned. It sets a variable instead of
# printing, because $(pick_free_port) would run in a subshell and forget the ports it handed out.
pick_free_port() {
  local -n picked=$1
  local candidate
  for _ in $(seq 1 50); do
    candidate=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    if [[ $servers_used_ports != *" $candidate "* ]]; then
      servers_used_ports+="$candidate "
      # shellcheck disable=SC2034  # a nameref: this sets the caller's variable
      picked=$candidate
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

servers_pids=()

# start_redis NAME LOGFILE [CONFIG] ARGS...: starts redis-server in the background with ARGS (which
# must include the port settings); records its pid for servers_stop_all. Early failures (bad
# arguments) go to LOGFILE.out, since redis has not opened LOGFILE yet. The binary is
# $servers_binary (default: redis-server from PATH), so that other servers (valkey-server, a newer
# redis-server) can be started the same way.
start_redis() {
  local name=$1 log=$2
  local binary=${servers_binary:-redis-server}
  shift 2
  local config=()
  # redis-server only accepts a config file as its first argument.
  if [[ $# -gt 0 && $1 != --* ]]; then
    config=("$1")
    shift
  fi
  "$binary" "${config[@]}" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --logfile "$log" "$@" </dev/null >"$log.out" 2>&1 &
  servers_pids+=("$!")
  echo "started $(basename "$binary") $name (pid $!)"
}

# wait_for_ping PID LOGFILE REDIS-CLI-ARGS...: waits up to 10 s for PONG; fails early if the server
# died (e.g. the port was taken meanwhile) and shows its log.
wait_for_ping() {
  local pid=$1 log=$2
  shift 2
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "redis-server (pid $pid) exited during startup; log:" >&2
      cat "$log" "$log.out" >&2 2>/dev/null || true
      return 1
    fi
    if [[ $(redis-cli "$@" ping 2>/dev/null) == PONG ]]; then
      return 0
    fi
    sleep 0.1
  done
  echo "redis-server (pid $pid) did not answer PING within 10 s; log:" >&2
  cat "$log" "$log.out" >&2 2>/dev/null || true
  return 1
}

# Stops every server started by start_redis (TERM, then KILL after 5 s). Safe to call twice.
servers_stop_all() {
  local pid
  for pid in "${servers_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${servers_pids[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  servers_pids=()
}

# Number of parallel jobs: 2 by default (the machines here have 2 cores).
build_jobs() {
  echo "${TYPEDIS_JOBS:-2}"
}

# module_loads SERVER MODULE: whether SERVER starts with `--loadmodule MODULE` (a module built for
# one server family may refuse the other, or need symbols it lacks). Starts and stops a throwaway
# server on a free port.
module_loads() {
  local binary=$1 module=$2 port pid ok=1
  port=""
  pick_free_port port
  "$binary" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --logfile '' \
    --loadmodule "$module" </dev/null >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    if [[ $(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]]; then
      ok=0
      break
    fi
    sleep 0.1
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return "$ok"
}

# start_test_servers TAG DIR CERTS BINARY [MODULE...]: the servers the integration tests need, from
# BINARY (redis-server or valkey-server), each module loaded into the plain server:
#   plain: TCP on 127.0.0.1, a unix socket and an ACL user (the config file, mode 600, keeps the
#          password out of the process list);
#   tls:   TLS only, client certificates required (CERTS holds make_test_certs.sh's files).
# Writes DIR/env, the TYPEDIS_TEST_* (and TYPEDIS_MODULES_URL) variables describing them, to be
# sourced in the shell that runs ctest.
start_test_servers() {
  local tag=$1 dir=$2 certs=$3 binary=$4
  shift 4
  local servers_binary=$binary
  local acl_user=typedis_test acl_password plain_port tls_port unix_socket module
  acl_password=$(openssl rand -hex 16)
  plain_port="" tls_port=""
  pick_free_port plain_port
  pick_free_port tls_port
  mkdir -p "$dir/plain" "$dir/tls"
  unix_socket="$dir/plain/server.sock"
  (
    umask 077
    {
      echo "user $acl_user on >$acl_password ~* &* +@all"
      echo "unixsocket $unix_socket"
      echo "unixsocketperm 700"
      echo "enable-debug-command local"
      for module in "$@"; do echo "loadmodule $module"; done
    } >"$dir/plain/server.conf"
  )
  start_redis "$tag-plain" "$dir/plain/server.log" "$dir/plain/server.conf" --port "$plain_port" --dir "$dir/plain"
  wait_for_ping "${servers_pids[-1]}" "$dir/plain/server.log" -h 127.0.0.1 -p "$plain_port" || return 1
  start_redis "$tag-tls" "$dir/tls/server.log" --port 0 --tls-port "$tls_port" --dir "$dir/tls" \
    --tls-cert-file "$certs/server.crt" --tls-key-file "$certs/server.key" \
    --tls-ca-cert-file "$certs/ca.crt" --tls-auth-clients yes --enable-debug-command local
  wait_for_ping "${servers_pids[-1]}" "$dir/tls/server.log" -h 127.0.0.1 -p "$tls_port" \
    --tls --cacert "$certs/ca.crt" --cert "$certs/client.crt" --key "$certs/client.key" || return 1
  (
    umask 077
    cat >"$dir/env" <<ENV
export TYPEDIS_TEST_URL="redis://127.0.0.1:$plain_port"
export TYPEDIS_TEST_UNIX="$unix_socket"
export TYPEDIS_TEST_TLS_URL="rediss://127.0.0.1:$tls_port"
export TYPEDIS_TEST_TLS_CA="$certs/ca.crt"
export TYPEDIS_TEST_TLS_CERT="$certs/client.crt"
export TYPEDIS_TEST_TLS_KEY="$certs/client.key"
export TYPEDIS_TEST_TLS_WRONG_CA="$certs/wrong-ca.crt"
export TYPEDIS_TEST_ACL_USER="$acl_user"
export TYPEDIS_TEST_ACL_PASSWORD="$acl_password"
export TYPEDIS_TEST_ACL_URL="redis://$acl_user:$acl_password@127.0.0.1:$plain_port"
export TYPEDIS_REDIS_SERVER="$binary"
export TYPEDIS_MODULES_URL="redis://127.0.0.1:$plain_port"
ENV
  )
  echo "=== servers [$tag]: $binary: plain 127.0.0.1:$plain_port (+ unix $unix_socket, ACL user $acl_user)," \
    "tls 127.0.0.1:$tls_port${*:+, modules: $*}"
}
