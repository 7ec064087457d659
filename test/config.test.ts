/**
 * Start-up configuration: defaults, every bad variable on its own line in one error (cross-variable rules too),
 * and no secret echoed.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, type LoadConfigOptions, loadConfig } from "../src/config.js";

function problems(env: Record<string, string>, options: LoadConfigOptions = {}): string[] {
  try {
    loadConfig(env, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split("\n").slice(1);
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("has safe defaults: loopback, embedded sandbox, confirmation on, send timeout = read timeout", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      quickcomBaseUrl: null,
      defaultCredentials: null,
      host: "127.0.0.1",
      port: 4000,
      quickcomTimeoutMs: 10_000,
      quickcomSendTimeoutMs: 10_000,
      mcpSendConfirmation: true,
      graphiql: true,
      introspection: true,
      sendMaxRecipients: 100_000,
      shutdownGraceMs: 30_000,
      corsOrigins: [],
      subscriptionMaxPerCredential: 10,
    });
    expect(loadConfig({ SUBSCRIPTION_MAX_PER_CREDENTIAL: "3" }).subscriptionMaxPerCredential).toBe(3);
    expect(loadConfig({ QUICKCOM_TIMEOUT_MS: "3000", QUICKCOM_SEND_TIMEOUT_MS: "45000" })).toMatchObject({
      quickcomTimeoutMs: 3000,
      quickcomSendTimeoutMs: 45_000,
    });
    expect(loadConfig({ NODE_ENV: "production", GRAPHIQL: "on" })).toMatchObject({
      graphiql: true,
      introspection: false,
    });
  });

  it.each([
    ["PORT", "eighty", 'PORT: must be a number (got "eighty")'],
    ["PORT", "70000", 'PORT: must be a TCP port (0-65535) (got "70000")'],
    ["QUICKCOM_TIMEOUT_MS", "0", 'QUICKCOM_TIMEOUT_MS: must be greater than 0 (got "0")'],
    ["QUICKCOM_SEND_TIMEOUT_MS", "1.5", 'QUICKCOM_SEND_TIMEOUT_MS: must be a whole number (got "1.5")'],
    ["READ_CACHE_TTL_MS", "-1", 'READ_CACHE_TTL_MS: must not be negative (got "-1")'],
    ["MCP_SEND_CONFIRMATION", "maybe", 'MCP_SEND_CONFIRMATION: must be on or off (got "maybe")'],
    [
      "SUBSCRIPTION_MAX_PER_CREDENTIAL",
      "0",
      'SUBSCRIPTION_MAX_PER_CREDENTIAL: must be greater than 0 (got "0")',
    ],
    ["QUICKCOM_BASE_URL", "ftp://x", "QUICKCOM_BASE_URL: must be an http(s) URL"],
  ])("%s=%s is refused clearly", (name, value, expected) => {
    const lines = problems({ QUICKCOM_APP_KEY: "key", QUICKCOM_APP_SECRET: "secret", [name]: value });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(expected);
  });

  it("reads OTP_THROTTLE and OTP_CODE_LENGTH, with defaults 1/30s,5/1h and 6, refusing bad values", () => {
    expect(loadConfig({})).toMatchObject({
      otpCodeLength: 6,
      otpThrottle: [
        { limit: 1, windowMs: 30_000 },
        { limit: 5, windowMs: 3_600_000 },
      ],
    });
    expect(loadConfig({ OTP_THROTTLE: "2/1m", OTP_CODE_LENGTH: "8" })).toMatchObject({
      otpCodeLength: 8,
      otpThrottle: [{ limit: 2, windowMs: 60_000 }],
    });
    expect(loadConfig({ OTP_THROTTLE: "off" }).otpThrottle).toEqual([]);
    const lines = problems({ OTP_THROTTLE: "lots", OTP_CODE_LENGTH: "3" });
    expect(lines).toHaveLength(2);
    expect(lines.join("\n")).toMatch(/OTP_THROTTLE: must be rules such as 1\/30s,5\/1h/);
    expect(lines.join("\n")).toMatch(/OTP_CODE_LENGTH: must be 4 to 8/);
  });

  it("reads WHATSAPP_CHARGES per template category (unset: none known), refusing bad values", () => {
    expect(loadConfig({}).whatsappCharges).toEqual({});
    expect(loadConfig({ WHATSAPP_CHARGES: "utility=0.125, MARKETING=0.875" }).whatsappCharges).toEqual({
      UTILITY: 0.125,
      MARKETING: 0.875,
    });
    for (const bad of ["UTILITY", "PROMO=1", "UTILITY=0", "UTILITY=0.12345", "UTILITY=1,UTILITY=2", " , "]) {
      expect(problems({ WHATSAPP_CHARGES: bad }).join("\n"), bad).toMatch(/^\s*WHATSAPP_CHARGES: /m);
    }
  });

  it("takes REDIS_URL (redis:// or rediss://) with CONFIRMATION_SECRET, never echoing the URL", () => {
    const secret = "s".repeat(40);
    expect(loadConfig({}).redisUrl).toBeNull();
    expect(loadConfig({ REDIS_URL: "redis://redis:6379/0", CONFIRMATION_SECRET: secret }).redisUrl).toBe(
      "redis://redis:6379/0",
    );
    const bad = problems({ REDIS_URL: "http://:pw-in-url@redis:6379", CONFIRMATION_SECRET: secret });
    expect(bad).toEqual([expect.stringContaining("REDIS_URL: must be a redis:// or rediss:// URL")]);
    expect(bad.join("\n")).not.toContain("pw-in-url");
    expect(problems({ REDIS_URL: "redis://redis:6379" })).toEqual([
      expect.stringContaining("CONFIRMATION_SECRET: required with REDIS_URL"),
    ]);
  });

  it("turns tracing on with an OTLP endpoint only (traces endpoint as is, base + /v1/traces), off by default", () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ OTEL_SERVICE_NAME: "gw" }).tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).tracing).toEqual({
      endpoint: "http://collector:4318/v1/traces",
      serviceName: "quickcom-gateway",
    });
    const both = {
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example/otlp/v1/traces",
      OTEL_SERVICE_NAME: "gateway-eu",
    };
    expect(loadConfig(both).tracing).toEqual({
      endpoint: "https://traces.example/otlp/v1/traces",
      serviceName: "gateway-eu",
    });
    expect(loadConfig({ ...both, OTEL_SDK_DISABLED: "true" }).tracing).toBeNull();
    expect(loadConfig({ ...both, OTEL_TRACES_EXPORTER: "none" }).tracing).toBeNull();
    expect(
      problems({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" }),
    ).toEqual([
      "  OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL such as http://otel-collector:4318",
      expect.stringContaining("OTEL_EXPORTER_OTLP_PROTOCOL: must be http/protobuf"),
    ]);
  });

  it("lists every problem at once, cross-variable rules included, and never echoes a secret", () => {
    const lines = problems({ PORT: "abc", SEND_CONCURRENCY: "0", QUICKCOM_APP_SECRET: "top-secret-value" });
    expect(lines).toHaveLength(3);
    expect(lines.join("\n")).toContain(
      "QUICKCOM_APP_KEY: QUICKCOM_APP_KEY and QUICKCOM_APP_SECRET go together",
    );
    expect(lines.join("\n")).not.toContain("top-secret-value");
  });

  it("needs credentials for a real upstream unless callers bring their own", () => {
    expect(problems({ QUICKCOM_BASE_URL: "https://ok-go.in/api/v1" })[0]).toContain(
      "QUICKCOM_APP_KEY and QUICKCOM_APP_SECRET are required with QUICKCOM_BASE_URL",
    );
    expect(
      loadConfig({ QUICKCOM_BASE_URL: "https://ok-go.in/api/v1", GATEWAY_TOKENS_FILE: "tokens.json" }),
    ).toMatchObject({ quickcomBaseUrl: "https://ok-go.in/api/v1", defaultCredentials: null });
  });

  it("refuses to listen on a non-loopback HOST without GATEWAY_TOKENS_FILE, with the other problems", () => {
    const lines = problems({ HOST: "0.0.0.0", PORT: "abc" });
    expect(lines).toHaveLength(2);
    expect(lines).toContain(
      "  HOST: Refusing to listen on 0.0.0.0 without GATEWAY_TOKENS_FILE: anyone who can reach it could spend " +
        "credits. Bind HOST=127.0.0.1 or configure gateway tokens.",
    );
    expect(problems({ HOST: "::" })[0]).toContain("Refusing to listen on :: without GATEWAY_TOKENS_FILE");
    expect(problems({ HOST: "192.168.1.20", GATEWAY_TOKENS_FILE: "" })).toHaveLength(1);
  });

  it.each(["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])(
    "listens on loopback %s without tokens",
    (host) => {
      expect(loadConfig({ HOST: host }).host).toBe(host);
    },
  );

  it("listens on any HOST with GATEWAY_TOKENS_FILE, and does not check HOST for a process that never listens", () => {
    expect(loadConfig({ HOST: "0.0.0.0", GATEWAY_TOKENS_FILE: "tokens.json" })).toMatchObject({
      host: "0.0.0.0",
      tokensFile: "tokens.json",
    });
    expect(loadConfig({ HOST: "0.0.0.0" }, { listens: false }).host).toBe("0.0.0.0");
    expect(problems({ HOST: "0.0.0.0", PORT: "abc" }, { listens: false })).toEqual([
      '  PORT: must be a number (got "abc")',
    ]);
  });
});
