#!/usr/bin/env bash
# Generates throwaway TLS material for the integration tests, with the openssl CLI:
#   ca.crt ca.key            a test CA
#   server.crt server.key    signed by it, SAN IP:127.0.0.1, IP:::1, DNS:localhost
#   client.crt client.key    signed by it, for servers with tls-auth-clients yes
#   wrong-ca.crt             an unrelated CA (its key is discarded), for verification failures
# Usage: make_test_certs.sh OUTPUT_DIR      (created if missing; existing files are replaced)
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUTPUT_DIR" >&2
  exit 2
fi
out=$1
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

days=3650
# EC P-256 keys: fast to generate, accepted by every OpenSSL the tests run with.
new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

make_ca() {  # key crt subject
  new_key "$1"
  openssl req -x509 -new -key "$1" -sha256 -days "$days" -subj "$3" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$2"
}

sign() {  # key crt subject extfile
  new_key "$1"
  openssl req -new -key "$1" -subj "$3" -out "$work/req.csr"
  openssl x509 -req -in "$work/req.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial \
    -CAserial "$work/ca.srl" -sha256 -days "$days" -extfile "$4" -out "$2" 2>/dev/null
}

make_ca "$out/ca.key" "$out/ca.crt" "/CN=typedis test CA"

cat > "$work/server.ext" <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
EXT
sign "$out/server.key" "$out/server.crt" "/CN=localhost" "$work/server.ext"

cat > "$work/client.ext" <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EXT
sign "$out/client.key" "$out/client.crt" "/CN=typedis test client" "$work/client.ext"

make_ca "$work/wrong-ca.key" "$out/wrong-ca.crt" "/CN=typedis unrelated CA"

# redis-server reads the keys as its own user; they are test-only.
chmod 600 "$out/ca.key" "$out/server.key" "$out/client.key"
