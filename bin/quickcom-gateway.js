#!/usr/bin/env node
/**
 * quickcom-gateway [mcp|start|sandbox]
 *
 *   mcp      MCP server over stdio (for desktop assistants); logs on stderr
 *   start    the HTTP gateway (/graphql, /mcp, /healthz) - the default
 *   sandbox  the QuickCom sandbox upstream alone
 *
 * Builds the same bundles as `npm start` and `npm run mcp` (scripts/build.mjs) and runs one, from the package
 * directory, so it works from a clone (`npx quickcom-gateway mcp`) and from a desktop assistant started in any
 * directory. Relative GATEWAY_TOKENS_FILE / AUDIT_FILE paths are taken relative to the directory it was started in.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { buildBundles, ENTRIES, ROOT } from "../scripts/build.mjs";

const command = process.argv[2] ?? "start";
if (command === "--help" || command === "-h" || !Object.hasOwn(ENTRIES, command)) {
  process.stderr.write("Usage: quickcom-gateway [mcp|start|sandbox]\n");
  process.exit(command === "--help" || command === "-h" ? 0 : 2);
}

for (const name of ["GATEWAY_TOKENS_FILE", "AUDIT_FILE"]) {
  if (process.env[name]) process.env[name] = resolve(process.env[name]);
}
process.chdir(ROOT);
process.setSourceMapsEnabled(true);

await buildBundles();
await import(pathToFileURL(resolve(ROOT, ENTRIES[command].bundle)).href);
