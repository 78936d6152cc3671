#!/bin/sh
# A certificate authority of the test's own and a server certificate it signs
# for 127.0.0.1: DIR/ca.pem, DIR/server.pem, DIR/server.key.
set -eu
dir=$1
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=asemdb test CA" \
  -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$dir/server.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
  -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
