/**
 * The repository explains itself: every relative link in its Markdown points at a file that exists, and no
 * source, test or doc cites the design notes that live outside the repository (docs/CONTRACT.md and
 * docs/BACKEND.md replace them).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const markdownFiles = [
  "README.md",
  "bench/README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** Link targets of a Markdown text: inline `[text](target)` and reference `[label]: target`, outside code. */
function linkTargets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "``");
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? "");
  const reference = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] ?? "");
  return [...inline, ...reference];
}

function isRelative(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("#") && !target.startsWith("//");
}

describe("Markdown links", () => {
  it.each(markdownFiles)("%s links only to files that exist", (file) => {
    const text = readFileSync(join(root, file), "utf8");
    const missing = linkTargets(text)
      .filter(isRelative)
      .map((target) => decodeURIComponent(target.split("#")[0] ?? ""))
      .filter((path) => path !== "" && !existsSync(resolve(root, dirname(file), path)));
    expect(missing).toEqual([]);
  });

  it("finds the links (the parser is not blind)", () => {
    const targets = linkTargets(readFileSync(join(root, "README.md"), "utf8"));
    expect(targets).toContain("docs/CONTRACT.md");
    expect(targets).toContain("docs/BACKEND.md");
  });
});

describe("references to files outside the repository", () => {
  // Spelled in pieces so this file does not mention them itself.
  const outside = ["DESIGN", "QUICKCOM-BACKEND"].map((name) => `${name}.md`);

  function filesUnder(dir: string): string[] {
    return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name)));
  }

  it("src/, test/ and docs/ never cite them", () => {
    const citing = ["src", "test", "docs"]
      .flatMap(filesUnder)
      .filter((file) => outside.some((name) => readFileSync(join(root, file), "utf8").includes(name)));
    expect(citing).toEqual([]);
  });
});
