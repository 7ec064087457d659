import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ mcp: true });
});
afterAll(() => gw.close());

describe("request ids in MCP results", () => {
  it("carries the HTTP request's x-request-id into the tool result's _meta", async () => {
    const client = await gw.connectMcp({ "x-request-id": "trace-abc-123" });
    const result = await client.callTool({ name: "get_account", arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(String(result._meta?.requestId)).toMatch(/^trace-abc-123(\/|$)/);
    await client.close();
  });
});
