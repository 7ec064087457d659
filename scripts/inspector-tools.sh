#!/usr/bin/env bash
# npm run test:inspector - lists the tools over stdio with the MCP Inspector CLI and checks that they are exactly
# the tools of the generated registry (src/mcp/generated/tools.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t EXPECTED < <(npx --no-install tsx -e \
  'import("./src/mcp/generated/tools.ts").then((m) => { for (const t of m.OPERATION_TOOLS) console.log(t.name); })')
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The Inspector needs Node 22.19+, so it is not a dev dependency: the outer npx puts Node 22 (the npm registry's `node`
# package) first on PATH, and the inner npx installs and runs the Inspector on it. The server the Inspector starts
# runs on the Node this script runs on.
node_bin="$(command -v node)"
npx --yes --package=node@22 -- npx --yes --package=@modelcontextprotocol/inspector@2.12.0 -- \
  mcp-inspector --cli -e "AUDIT_FILE=$work/audit.jsonl" -e LOG_LEVEL=warn --method tools/list \
  -- "$node_bin" --import tsx src/mcp/stdio.ts >"$work/tools.json"

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
