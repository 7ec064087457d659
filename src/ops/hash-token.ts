/**
 * CLI for operators writing GATEWAY_TOKENS_FILE: prints the sha-256 of a token.
 * `npx tsx src/ops/hash-token.ts <token>`, or pipe the token on stdin to keep it out of the shell history.
 */
import { text } from "node:stream/consumers";
import { hashToken } from "./token-records.js";

const fromArgs = process.argv[2];
const token =
  fromArgs ?? (process.stdin.isTTY ? undefined : (await text(process.stdin)).replace(/\r?\n$/, ""));
if (token === undefined || token === "") {
  process.stderr.write(
    'usage: npx tsx src/ops/hash-token.ts <token>   (or: printf %s "$TOKEN" | npx tsx src/ops/hash-token.ts)\n',
  );
  process.exit(2);
}
process.stdout.write(`${hashToken(token)}\n`);
