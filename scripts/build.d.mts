/** Types of `scripts/build.mjs`. */
/** The project root. */
export declare const ROOT: string;
/** Entry points by command: their source and the bundle `dist/` holds for them. */
export declare const ENTRIES: Record<"start" | "mcp" | "sandbox", { source: string; bundle: string }>;
/** Bundles every entry point into `dist/`. */
export declare function buildBundles(): Promise<void>;
