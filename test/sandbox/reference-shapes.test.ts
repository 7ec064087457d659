import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { auth, get, sandboxAt } from "./helpers.js";

let sandbox: Sandbox;
beforeAll(async () => {
  ({ sandbox } = await sandboxAt());
});
afterAll(() => sandbox.close());

type JsonType = "string" | "number" | "boolean" | "object" | "array" | "null";

function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value as JsonType;
}

function expectShape(value: Record<string, unknown>, shape: Record<string, JsonType>): void {
  for (const [field, type] of Object.entries(shape)) {
    expect(value, `field ${field}`).toHaveProperty(field);
    expect(jsonType(value[field]), `type of ${field}`).toBe(type);
  }
}

const ENVELOPE: Record<string, JsonType> = {
  status: "boolean",
  intime: "string",
  outtime: "string",
  message: "string",
  errors: "object",
  error_code: "null",
};

describe("the reference's example responses, field by field", () => {
  it("account-status", async () => {
    const answer = await get(sandbox, "account-status", auth(DEMO_ACCOUNT));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expectShape(answer.json, { ...ENVELOPE, data: "object" });
    expect(answer.json.message).toBe("Account is in active status.");
    expect(answer.json.data).toEqual({ is_account_activated: true });
    expect(answer.json.errors).toEqual({});
    expect(answer.json.intime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it("check-balance", async () => {
    const answer = await get(sandbox, "check-balance", auth(DEMO_ACCOUNT));
    expect(answer.status).toBe(200);
    expect(answer.json.message).toBe("Information successfully retrieved.");
    expectShape(answer.json.data, {
      user_number: "number",
      name: "string",
      email: "string",
      mobile: "string",
      status: "string",
      transaction_balance: "number",
      promotional_balance: "number",
      two_waysms_balance: "number",
      voice_sms_balance: "number",
      whatsapp_credit: "string",
      country: "number",
      is_enabled_api_ip_security: "number",
      ut: "number",
    });
    expect(answer.json.data.status).toBe("1");
    expect(answer.json.data.whatsapp_credit).toMatch(/^\d+\.\d{4}$/);
    expect(answer.json.data.user_number).toBe(DEMO_ACCOUNT.userNumber);
  });

  it("approved-senderids: a list of {sender_id} with only approved rows", async () => {
    const answer = await get(sandbox, "approved-senderids", auth(DEMO_ACCOUNT));
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual([{ sender_id: "QCOMM" }, { sender_id: "ALERTS" }]);
  });

  it("templates: the documented row fields, active rows only, the reference OTP template", async () => {
    const answer = await get(sandbox, "templates", auth(DEMO_ACCOUNT));
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.json.data)).toBe(true);
    for (const row of answer.json.data) {
      expectShape(row, {
        template_name: "string",
        entity_id: "string",
        dlt_header_id: "string",
        is_for_unicode: "number",
        dlt_message_template: "string",
        dlt_template_id: "string",
        status: "number",
      });
      expect(row.status).toBe(1);
    }
    const ids = answer.json.data.map((row: { dlt_template_id: string }) => row.dlt_template_id);
    expect(ids).toContain(DEMO_TEMPLATES.otp);
    expect(ids).not.toContain(DEMO_TEMPLATES.inactive);
    const otp = answer.json.data.find(
      (row: { dlt_template_id: string }) => row.dlt_template_id === DEMO_TEMPLATES.otp,
    );
    expect(otp.dlt_message_template).toBe("Your OTP is {#var#}. Valid for {#var#} minutes.");
    expect(otp.is_for_unicode).toBe(0);
  });

  it("send-message: exactly the reference's data fields with their types", async () => {
    const answer = await get(sandbox, "send-message", {
      ...auth(DEMO_ACCOUNT),
      dlt_template_id: DEMO_TEMPLATES.order,
      mobile_numbers: "9876543210,8765432109",
      route_type: "1",
      v1: "QC12345",
      v2: "2499",
    });
    expect(answer.status).toBe(200);
    expect(answer.json.message).toBe("Campaign successfully processed");
    const shape: Record<string, JsonType> = {
      campaign: "string",
      sender_id: "string",
      route_type: "number",
      sms_type: "number",
      message: "string",
      is_flash: "number",
      campaign_send_date_time: "string",
      message_count: "number",
      message_credit_size: "number",
      total_contacts: "number",
      total_credit_deduct: "number",
      status: "string",
      uuid: "string",
      total_invalid_number: "number",
    };
    expectShape(answer.json.data, shape);
    expect(Object.keys(answer.json.data)).toEqual(Object.keys(shape));
    expect(answer.json.data).toMatchObject({
      campaign: "API",
      sender_id: "ALERTS",
      route_type: 1,
      sms_type: 1,
      message: "Your order QC12345 confirmed. Amount: ₹2499",
      is_flash: 0,
      campaign_send_date_time: "2025-03-01 11:30:00",
      total_contacts: 2,
      total_credit_deduct: 2,
      status: "Ready-to-complete",
      total_invalid_number: 0,
    });
    expect(answer.json.data.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("campaign-list: pagination object with the documented and the backend's extra row fields", async () => {
    const answer = await get(sandbox, "campaign-list", {
      ...auth(DEMO_ACCOUNT),
      per_page_record: "5",
      page_number: "1",
    });
    expect(answer.status).toBe(200);
    expectShape(answer.json.data, {
      data: "array",
      total: "number",
      current_page: "string",
      per_page_record: "string",
      last_page: "number",
    });
    expect(answer.json.data.data).toHaveLength(5);
    for (const row of answer.json.data.data) {
      expectShape(row, {
        id: "number",
        campaign_name: "string",
        sender_id: "string",
        sms_type: "string",
        message: "string",
        message_type: "string",
        total_contacts: "number",
        currently_delivered: "number",
        currently_failed: "number",
        campaign_current_stage: "string",
        msg_length: "number",
        msg_consumed_credit: "number",
        is_flash: "number",
        campaign_send_date_time: "string",
        total_invalid_number: "number",
        total_credit_use: "number",
      });
    }
  });

  it("writes JSON the way PHP's json_encode does (escaped slashes and non-ASCII)", async () => {
    const answer = await get(sandbox, "templates", auth(DEMO_ACCOUNT));
    expect(answer.text).toContain("Amount: \\u20b9{#var#}");
    expect(answer.text).not.toContain("₹");
  });
});
