import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe("request errors yoga raises itself", () => {
  it("answers malformed JSON without echoing any of the body", async () => {
    const response = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: '{"query": "{ account { name } }", "secretish": "do-not-echo-this',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toContain("do-not-echo-this");
    expect(text).not.toContain("originalError");
  });

  it("names an oversized chunked body PAYLOAD_TOO_LARGE, like the router does", async () => {
    const chunk = new TextEncoder().encode(
      `{"query":"{ __typename }","pad":"${"x".repeat(5 * 1024 * 1024)}"}`,
    );
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    const payload = await response.json();
    expect(payload.errors[0].extensions.code).toBe("PAYLOAD_TOO_LARGE");
  });
});
