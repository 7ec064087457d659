#!/usr/bin/env bash
# npm run codegen - runs GraphQL Code Generator on codegen.ts (writes schema.graphql and src/mcp/generated/).
# The generator has its own install and lockfile in tools/codegen: its toolchain (@graphql-codegen/cli 7 with listr2 10,
# @graphql-tools/* with @whatwg-node/* 0.12) requires Node 22, while the gateway supports Node 20.19+. Under an older
# Node it runs on Node 22 from the npm registry's `node` package (npx, cached after the first run).
set -euo pipefail
cd "$(dirname "$0")/.."

tools=tools/codegen
run=()
if ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
  process.exit(major > 22 || (major === 22 && minor >= 15) ? 0 : 1)'; then
  run=(npx --yes --package=node@22 --)
fi

# (Re)install when tools/codegen/node_modules is missing or older than the lockfile.
stamp="$tools/node_modules/.installed-package-lock.json"
if ! cmp -s "$tools/package-lock.json" "$stamp"; then
  "${run[@]}" npm ci --prefix "$tools" --no-audit --no-fund >&2
  cp "$tools/package-lock.json" "$stamp"
fi

# The CLI resolves the `client` preset and the `schema-ast` plugin from the working directory; NODE_PATH lets it find
# them in tools/codegen/node_modules.
NODE_PATH="$PWD/$tools/node_modules" "${run[@]}" "$tools/node_modules/.bin/graphql-codegen" --config codegen.ts "$@"
