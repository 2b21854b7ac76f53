#!/bin/sh
# Runs the given command with a JWT_SECRET: the one supplied in the environment, or else one
# generated once (48 random bytes) and kept in the data volume, shared by the app and its workers.
# No well-known secret ever signs a token.
set -eu
if [ -z "${JWT_SECRET:-}" ]; then
  secret_file="${DATA_DIR:-/app/data}/secrets/jwt-secret"
  if [ ! -s "$secret_file" ]; then
    mkdir -p "$(dirname "$secret_file")"
    umask 077
    node -e "process.stdout.write(require('node:crypto').randomBytes(48).toString('base64url'))" \
      >"$secret_file.tmp"
    mv "$secret_file.tmp" "$secret_file"
  fi
  JWT_SECRET=$(cat "$secret_file")
  export JWT_SECRET
fi
exec "$@"
