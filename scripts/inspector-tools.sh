#!/usr/bin/env bash
# npm run test:inspector - lists the tools over stdio with the MCP Inspector CLI and checks that they are exactly
# the tools of the generated registry (src/mcp/generated/tools.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t EXPECTED < <(npx --no-install tsx -e \
  'import("./src/mcp/generated/tools.ts").then((m) => { for (const t of m.OPERATION_TOOLS) console.log(t.name); })')
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

npx --no-install mcp-inspector --cli -e "AUDIT_FILE=$work/audit.jsonl" -e LOG_LEVEL=warn --method tools/list \
  -- npx --no-install tsx src/mcp/stdio.ts >"$work/tools.json"

missing=0
for tool in "${EXPECTED[@]}"; do
  if ! node -e 'const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).tools.map((x) => x.name);
    process.exit(t.includes(process.argv[2]) ? 0 : 1)' "$work/tools.json" "$tool"; then
    echo "tool $tool is missing from tools/list" >&2
    missing=1
  fi
done
count="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).tools.length)' "$work/tools.json")"
if [ "$missing" -ne 0 ] || [ "$count" -ne "${#EXPECTED[@]}" ]; then
  echo "expected exactly ${#EXPECTED[@]} tools, got $count" >&2
  exit 1
fi
echo "MCP Inspector lists all ${#EXPECTED[@]} tools over stdio."
