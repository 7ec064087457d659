/**
 * The signing key of confirmation tokens: CONFIRMATION_SECRET when the operator sets it (every replica of one
 * deployment sets the same), else a random key generated once into a 0600 file in the data directory, so the
 * processes of one machine (an assistant starting a stdio server per call) accept each other's tokens.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Name of the key file inside the data directory. */
export const CONFIRMATION_KEY_FILE = "confirmation.key";

/**
 * The key: `secret` as UTF-8 when given, else the content of `<dataDir>/confirmation.key`, created (exclusively,
 * mode 0600) when missing. Two processes starting at once read the same key: the loser of the creation race
 * reads the winner's file.
 */
export async function loadConfirmationKey(secret: string | null, dataDir: string): Promise<Buffer> {
  if (secret) return Buffer.from(secret, "utf8");
  const path = join(dataDir, CONFIRMATION_KEY_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  for (let attempt = 0; ; attempt++) {
    const key = (await readFile(path, "utf8")).trim();
    if (key.length >= 32) return Buffer.from(key, "utf8");
    if (attempt >= 20) throw new Error(`${path} holds no usable key; delete it to generate a new one`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
