/**
 * compose.yaml (two replicas on one Redis, traces to an OpenTelemetry collector) and the README cannot drift from
 * what the gateway reads: every variable they set is one `loadConfig` reads, and the ones a replica needs are set.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ENV_VARIABLES } from "../src/config.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, unknown>;
}

const compose = parse(readFileSync(join(root, "compose.yaml"), "utf8"), { merge: true }) as {
  services: Record<string, Service>;
};
const services = Object.entries(compose.services);
const replicas = services.filter(([, s]) => s.command?.includes("dist/main.js"));

describe("compose.yaml", () => {
  it("runs two gateway replicas, each on its own host port", () => {
    expect(replicas.map(([name]) => name)).toHaveLength(2);
    const ports = replicas.map(([, s]) => s.ports?.[0]?.split(":").at(-2));
    expect(new Set(ports).size).toBe(2);
  });

  it("sets only variables the gateway reads, and those a replica needs", () => {
    for (const [, replica] of replicas) {
      const names = Object.keys(replica.environment ?? {});
      expect(names.filter((name) => !ENV_VARIABLES.includes(name))).toEqual([]);
      expect(names).toEqual(
        expect.arrayContaining([
          "REDIS_URL",
          "CONFIRMATION_SECRET",
          "OTEL_EXPORTER_OTLP_ENDPOINT",
          "QUICKCOM_APP_KEY",
          "QUICKCOM_APP_SECRET",
        ]),
      );
    }
  });

  it("points every replica at the same Redis and at the collector's OTLP/HTTP port", () => {
    const [, first] = replicas[0] ?? [];
    for (const [, replica] of replicas) {
      expect(replica.environment?.REDIS_URL).toBe(first?.environment?.REDIS_URL);
      expect(replica.environment?.CONFIRMATION_SECRET).toBe(first?.environment?.CONFIRMATION_SECRET);
    }
    const redisHost = new URL(first?.environment?.REDIS_URL ?? "").hostname;
    const collector = new URL(first?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT ?? "");
    expect(compose.services[redisHost]?.image).toMatch(/^redis:/);
    expect(compose.services[collector.hostname]?.image).toMatch(/^otel\/opentelemetry-collector/);
    expect(collector.port).toBe("4318");
    for (const [, replica] of replicas) {
      expect(Object.keys(replica.depends_on ?? {})).toEqual(
        expect.arrayContaining([redisHost, collector.hostname]),
      );
    }
  });

  it("mounts a collector configuration that receives OTLP over HTTP on that port", () => {
    const collector = services.find(([, s]) => s.image?.startsWith("otel/opentelemetry-collector"));
    const mount = collector?.[1].volumes?.[0]?.split(":")[0] ?? "";
    expect(existsSync(join(root, mount))).toBe(true);
    const config = parse(readFileSync(join(root, mount), "utf8"));
    expect(config.receivers.otlp.protocols.http.endpoint).toMatch(/:4318$/);
    expect(config.service.pipelines.traces.receivers).toContain("otlp");
  });
});

describe.each(["README.md", "docs/CONTRACT.md"])("%s", (file) => {
  it("documents every environment variable the gateway reads", () => {
    const text = readFileSync(join(root, file), "utf8");
    expect(ENV_VARIABLES.filter((name) => !text.includes(`\`${name}\``))).toEqual([]);
  });
});
