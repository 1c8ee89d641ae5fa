#!/bin/sh
# Writes the secrets docker/compose.yaml mounts: docker/secrets/cookie (the http verticle's cookie secret, one
# "version=secret" line) and docker/secrets/jwt (the auth verticle's HS256 key). Existing files are kept, so every
# node and every restart share the same ones. docker/secrets/ is gitignored and never enters the image context.
set -eu
dir="$(cd "$(dirname "$0")" && pwd)/secrets"
mkdir -p "$dir"
[ -f "$dir/cookie" ] || echo "1=$(head -c 32 /dev/urandom | base64)" > "$dir/cookie"
[ -f "$dir/jwt" ] || head -c 32 /dev/urandom | base64 > "$dir/jwt"
# Compose bind-mounts file secrets with the host file's owner and mode, and the nodes run as uid 10001:
# readable by all, in a directory only the owner can list.
chmod 0700 "$dir" 2>/dev/null || true
chmod 0444 "$dir/cookie" "$dir/jwt"
echo "secrets in $dir"
