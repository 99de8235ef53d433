# Helpers shared by scripts/demo and scripts/test (source this file; bash only):
# installing the Debian packages the project needs, picking free loopback ports, and starting
# throwaway redis-server processes that are all stopped by servers_stop_all (call it from a trap).
# Servers bind to 127.0.0.1 or unix sockets only and never touch a system redis.

typedis_packages=(build-essential g++ cmake libssl-dev libasio-dev nlohmann-json3-dev libgtest-dev
  libgmock-dev libbenchmark-dev libhiredis-dev python3 python3-jinja2 python3-jsonschema
  redis-server redis-tools redis-sentinel openssl pkg-config doxygen clang)

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

# Prints a TCP port on 127.0.0.1 that nothing listens on (asks the kernel for an ephemeral one).
pick_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    if [[ $servers_used_ports != *" $port "* ]]; then
      servers_used_ports+="$port "
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

servers_pids=()

# start_redis NAME LOGFILE [CONFIG] ARGS...: starts redis-server in the background with ARGS (which
# must include the port settings); records its pid for servers_stop_all. Early failures (bad
# arguments) go to LOGFILE.out, since redis has not opened LOGFILE yet.
start_redis() {
  local name=$1 log=$2
  shift 2
  local config=()
  # redis-server only accepts a config file as its first argument.
  if [[ $# -gt 0 && $1 != --* ]]; then
    config=("$1")
    shift
  fi
  redis-server "${config[@]}" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --logfile "$log" "$@" </dev/null >"$log.out" 2>&1 &
  servers_pids+=("$!")
  echo "started redis $name (pid $!)"
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
