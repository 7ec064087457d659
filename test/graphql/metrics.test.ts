import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

async function invalidCount(): Promise<number> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  const line = text
    .split("\n")
    .find((l) => l.startsWith("quickcom_gateway_requests_total{") && l.includes('operation="invalid"'));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("request metrics", () => {
  it("count operations that fail to parse or validate", async () => {
    const before = await invalidCount();
    await gw.gql(`{ account { `);
    await gw.gql(`{ account { nope } }`);
    expect(await invalidCount()).toBe(before + 2);
  });
});
