import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, SECOND_ACCOUNT } from "../../src/sandbox/seed.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { auth, get, sandboxAt } from "./helpers.js";

let sandbox: Sandbox;
beforeAll(async () => {
  ({ sandbox } = await sandboxAt());
});
afterAll(() => sandbox.close());

const list = (params: Record<string, string>, creds = DEMO_ACCOUNT) =>
  get(sandbox, "campaign-list", { ...auth(creds), ...params });

describe("campaign-list", () => {
  it("pages through every campaign newest first, without gaps or repeats", async () => {
    const ids: number[] = [];
    const first = await list({ per_page_record: "10", page_number: "1" });
    const total: number = first.json.data.total;
    expect(total).toBeGreaterThanOrEqual(60);
    for (let page = 1; page <= first.json.data.last_page; page++) {
      const answer = await list({ per_page_record: "10", page_number: String(page) });
      ids.push(...answer.json.data.data.map((row: { id: number }) => row.id));
    }
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it("echoes page values as the strings sent and writes last_page as a PHP float", async () => {
    const answer = await list({ per_page_record: "5", page_number: "2" });
    const total: number = answer.json.data.total;
    expect(answer.json.data.current_page).toBe("2");
    expect(answer.json.data.per_page_record).toBe("5");
    expect(answer.json.data.last_page).toBe(Math.ceil(total / 5));
    expect(answer.text).toContain(`"last_page":${Math.ceil(total / 5)}.0}`);
  });

  it("caps per_page_record at 50 and then echoes the int 50", async () => {
    const answer = await list({ per_page_record: "500", page_number: "1" });
    expect(answer.json.data.data).toHaveLength(50);
    expect(answer.json.data.per_page_record).toBe(50);
    expect(answer.text).toContain('"per_page_record":50,');
  });

  it("without page_number serves page 1 and echoes the int 1", async () => {
    const answer = await list({ per_page_record: "3" });
    expect(answer.json.data.current_page).toBe(1);
    expect(answer.json.data.data).toHaveLength(3);
  });

  it.each([
    ["missing per_page_record", {}, "Division by zero"],
    ["per_page_record 0", { per_page_record: "0" }, "Division by zero"],
    ["empty per_page_record", { per_page_record: "" }, "Division by zero"],
    [
      "non-numeric page_number",
      { per_page_record: "5", page_number: "two" },
      "Unsupported operand types: string - int",
    ],
  ])("%s → 500 / 1005", async (_name, params, exception) => {
    const answer = await list(params);
    expect(answer.status).toBe(500);
    expect(answer.json.error_code).toBe(1005);
    expect(answer.json.errors).toEqual({ exception_occur: exception });
  });

  it("a page past the end is empty, not an error", async () => {
    const answer = await list({ per_page_record: "50", page_number: "99" });
    expect(answer.status).toBe(200);
    expect(answer.json.data.data).toEqual([]);
  });

  it("each account sees only its own campaigns", async () => {
    const demo = await list({ per_page_record: "50" });
    const second = await list({ per_page_record: "50" }, SECOND_ACCOUNT);
    expect(second.json.data.total).toBeGreaterThan(0);
    expect(second.json.data.total).toBeLessThan(demo.json.data.total);
    const demoIds = new Set(demo.json.data.data.map((row: { id: number }) => row.id));
    for (const row of second.json.data.data) expect(demoIds.has(row.id)).toBe(false);
    expect(second.json.data.data.every((row: { sender_id: string }) => row.sender_id === "ACMERT")).toBe(
      true,
    );
  });

  it("seeds varied stages so filters and pagination are realistic", async () => {
    const answer = await list({ per_page_record: "50" });
    const stages = new Set(
      answer.json.data.data.map((row: { campaign_current_stage: string }) => row.campaign_current_stage),
    );
    for (const stage of ["Completed", "Stop", "In-process", "Ready-to-complete", "Pending"]) {
      expect(stages.has(stage), stage).toBe(true);
    }
  });
});
