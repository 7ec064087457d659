#!/usr/bin/env node
/**
 * `npm run build`: bundles the three entry points into `dist/` with esbuild. `npm start`, `npm run mcp`,
 * `npm run sandbox` and the `quickcom-gateway` bin all run these bundles, so every front door serves the same
 * build. Each output file is written to a temporary name and renamed into place, so a process starting while
 * another builds never loads a half-written bundle.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

/** The project root (the directory holding `package.json`). */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Entry points by command, as source paths and as the bundles `dist/` holds for them. */
export const ENTRIES = {
  start: { source: "src/main.ts", bundle: "dist/main.js" },
  mcp: { source: "src/mcp/stdio.ts", bundle: "dist/mcp/stdio.js" },
  sandbox: { source: "src/sandbox/main.ts", bundle: "dist/sandbox/main.js" },
};

/** Bundles every entry point into `dist/` under the project root. */
export async function buildBundles() {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.values(ENTRIES).map((entry) => entry.source),
    outbase: "src",
    outdir: "dist",
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    target: "node20",
    sourcemap: true,
    keepNames: true,
    logLevel: "warning",
    write: false,
  });
  await Promise.all(
    result.outputFiles.map(async (file) => {
      const temporary = `${file.path}.${process.pid}.tmp`;
      await mkdir(dirname(file.path), { recursive: true });
      await writeFile(temporary, file.contents);
      await rename(temporary, file.path);
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await buildBundles();
}
