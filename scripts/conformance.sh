#!/usr/bin/env bash
# npm run test:conformance - starts the gateway (embedded sandbox upstream) on a free loopback port and runs the
# official MCP conformance scenarios that apply to a custom server against its /mcp endpoint.
set -euo pipefail
cd "$(dirname "$0")/.."

SCENARIOS=(server-initialize ping tools-list dns-rebinding-protection)
work="$(mktemp -d)"
log="$work/gateway.log"

PORT=0 HOST=127.0.0.1 LOG_LEVEL=warn AUDIT_FILE="$work/audit.jsonl" node --import tsx src/main.ts >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

url=""
for _ in $(seq 1 150); do
  url="$(grep -o 'listening on http://[^ ]*' "$log" | head -n 1 | cut -d' ' -f3 || true)"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$url" ]; then
  echo "The gateway did not start:" >&2
  cat "$log" >&2
  exit 1
fi
echo "Gateway at $url"

failed=0
for scenario in "${SCENARIOS[@]}"; do
  if ! npx --no-install conformance server --url "$url/mcp" --scenario "$scenario"; then
    echo "conformance scenario $scenario FAILED" >&2
    failed=1
  fi
done
exit "$failed"
