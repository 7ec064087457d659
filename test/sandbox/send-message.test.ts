import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { auth, encodeQuery, get, NOON_IST, sandboxAt } from "./helpers.js";

let sandbox: Sandbox;
let clock: { now: Date };
beforeAll(async () => {
  ({ sandbox, clock } = await sandboxAt());
});
beforeEach(() => {
  sandbox.reset();
  clock.now = NOON_IST;
});
afterAll(() => sandbox.close());

const AUTH_QUERY = encodeQuery(auth(DEMO_ACCOUNT));
const HEADER = { Authorization: `Bearer ${DEMO_ACCOUNT.appKey}-${DEMO_ACCOUNT.appSecret}` };
const sendRaw = (rawQuery: string, headers: Record<string, string> = {}) =>
  get(sandbox, "send-message", rawQuery, headers);
const send = (params: Record<string, string>, headers: Record<string, string> = {}) =>
  get(sandbox, "send-message", params, headers);
const base = (extra: Record<string, string> = {}) => ({
  ...auth(DEMO_ACCOUNT),
  dlt_template_id: DEMO_TEMPLATES.otp,
  mobile_numbers: "9876543210",
  route_type: "1",
  ...extra,
});

async function balances(): Promise<{ transactional: number; promotional: number }> {
  const answer = await get(sandbox, "check-balance", auth(DEMO_ACCOUNT));
  return {
    transactional: answer.json.data.transaction_balance,
    promotional: answer.json.data.promotional_balance,
  };
}

describe("the v1..vN quirk (N = number of request parameters − 4)", () => {
  it.each([
    [
      "query auth, all slots filled",
      base({ v1: "123456", v2: "10" }),
      {},
      "Your OTP is 123456. Valid for 10 minutes.",
    ],
    [
      "header auth: two fewer parameters, v2 never read",
      {
        dlt_template_id: DEMO_TEMPLATES.otp,
        mobile_numbers: "9876543210",
        route_type: "1",
        v1: "123456",
        v2: "10",
      },
      HEADER,
      "Your OTP is 123456. Valid for {#var#} minutes.",
    ],
    [
      "header auth without route_type: N = 0, nothing substituted",
      { dlt_template_id: DEMO_TEMPLATES.otp, mobile_numbers: "9876543210", v1: "123456", v2: "10" },
      HEADER,
      "Your OTP is {#var#}. Valid for {#var#} minutes.",
    ],
    [
      "header auth plus an unrelated parameter lets v2 through",
      {
        dlt_template_id: DEMO_TEMPLATES.otp,
        mobile_numbers: "9876543210",
        route_type: "1",
        is_flash: "0",
        v1: "123456",
        v2: "10",
      },
      HEADER,
      "Your OTP is 123456. Valid for 10 minutes.",
    ],
    [
      "v1 = '0' is PHP-empty: skipped, v2 shifts left",
      base({ v1: "0", v2: "10" }),
      {},
      "Your OTP is 10. Valid for {#var#} minutes.",
    ],
    [
      "v1 empty: skipped, v2 shifts left",
      base({ v1: "", v2: "10" }),
      {},
      "Your OTP is 10. Valid for {#var#} minutes.",
    ],
    [
      "a variable that is itself a slot is filled by the next one",
      base({ v1: "{#VAR#}", v2: "42" }),
      {},
      "Your OTP is 42. Valid for {#var#} minutes.",
    ],
    [
      "PHP replacement references: $0 is the matched slot",
      base({ v1: "$0", v2: "5" }),
      {},
      "Your OTP is 5. Valid for {#var#} minutes.",
    ],
    [
      "variables are trimmed by the middleware",
      base({ v1: "  99  ", v2: "5" }),
      {},
      "Your OTP is 99. Valid for 5 minutes.",
    ],
  ])("%s", async (_name, params, headers, expected) => {
    const answer = await send(params, headers);
    expect(answer.status).toBe(200);
    expect(answer.json.data.message).toBe(expected);
  });

  it("4-variable template: query auth with 4 vars fills all; header auth (7 parameters → N = 3) fills three", async () => {
    const vars = { v1: "Asha", v2: "Dr Rao", v3: "12-Mar", v4: "10:30" };
    const full = await send(base({ dlt_template_id: DEMO_TEMPLATES.appointment, ...vars }));
    expect(full.json.data.message).toBe(
      "Dear Asha, your appointment with Dr Rao is confirmed for 12-Mar at 10:30. QuickCom",
    );
    const header = await send(
      { dlt_template_id: DEMO_TEMPLATES.appointment, mobile_numbers: "9876543210", route_type: "1", ...vars },
      HEADER,
    );
    expect(header.json.data.message).toBe(
      "Dear Asha, your appointment with Dr Rao is confirmed for 12-Mar at {#var#}. QuickCom",
    );
  });
});

describe("the message parameter and the second URL-decode", () => {
  it.each([
    [
      "a non-empty message is used verbatim (even if it is not the template)",
      "message=Anything%20goes",
      "Anything goes",
    ],
    [
      "message '0' is PHP-empty: the template is rendered",
      "message=0&v1=1&v2=2",
      "Your OTP is 1. Valid for 2 minutes.",
    ],
    ["'+' sent as %2B becomes a space", "message=a%2Bb", "a b"],
    ["'%' sent once-encoded is decoded again", "message=50%2525%20off", "50% off"],
    ["'%' that is not a valid escape survives", "message=100%25", "100%"],
    ["pre-encoding twice keeps a '+'", "message=a%252Bb", "a+b"],
    [
      "variables are decoded a second time too",
      "v1=a%2Bb&v2=5%2541",
      "Your OTP is a b. Valid for 5A minutes.",
    ],
  ])("%s", async (_name, extra, expected) => {
    const answer = await sendRaw(
      `${AUTH_QUERY}&dlt_template_id=${DEMO_TEMPLATES.otp}&mobile_numbers=9876543210&route_type=1&${extra}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.json.data.message).toBe(expected);
  });

  it("a second decode producing invalid UTF-8 answers 1005 although the send was made and billed", async () => {
    const before = await balances();
    const answer = await sendRaw(
      `${AUTH_QUERY}&dlt_template_id=${DEMO_TEMPLATES.otp}&mobile_numbers=9876543210&route_type=1&message=bad%25FF`,
    );
    expect(answer.status).toBe(500);
    expect(answer.json.error_code).toBe(1005);
    expect(sandbox.sends()).toBe(1);
    expect((await balances()).transactional).toBe(before.transactional - 1);
  });
});

describe("encoding and credits", () => {
  it("'@' switches a GSM message to Unicode pricing (and message_type 2 in the list)", async () => {
    const text = "Write to support@quickcom.in for help with order number 1234567890 today!!";
    expect(text.length).toBe(74);
    const answer = await send(base({ message: text }));
    expect(answer.json.data.message_count).toBe(74);
    expect(answer.json.data.message_credit_size).toBe(2);
    const without = await send(base({ message: text.replace("@", " at ") }));
    expect(without.json.data.message_credit_size).toBe(1);
    const list = await get(sandbox, "campaign-list", { ...auth(DEMO_ACCOUNT), per_page_record: "2" });
    expect(list.json.data.data.map((row: { message_type: string }) => row.message_type)).toEqual(["1", "2"]);
  });

  it.each([
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
  ])("GSM: %i bytes → %i credits", async (bytes, credits) => {
    const answer = await send(base({ message: "a".repeat(bytes) }));
    expect(answer.json.data.message_count).toBe(bytes);
    expect(answer.json.data.message_credit_size).toBe(credits);
  });

  it("GSM templates count UTF-8 bytes: 54 × ₹ = 162 bytes → 2 credits", async () => {
    const answer = await send(base({ dlt_template_id: DEMO_TEMPLATES.order, message: "₹".repeat(54) }));
    expect(answer.json.data.message_count).toBe(162);
    expect(answer.json.data.message_credit_size).toBe(2);
  });

  it.each([
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
  ])("Unicode: %i code points → %i credits", async (points, credits) => {
    const answer = await send(
      base({ dlt_template_id: DEMO_TEMPLATES.hindiOtp, message: "क".repeat(points) }),
    );
    expect(answer.json.data.message_count).toBe(points);
    expect(answer.json.data.message_credit_size).toBe(credits);
  });

  it("the Hindi template renders and prices as Unicode", async () => {
    const answer = await send(base({ dlt_template_id: DEMO_TEMPLATES.hindiOtp, v1: "771204", v2: "5" }));
    expect(answer.json.data.message).toBe("आपका ओटीपी 771204 है। यह 5 मिनट के लिए मान्य है।");
    expect(answer.json.data.message_credit_size).toBe(1);
    expect(answer.text).toContain("\\u0906\\u092a\\u0915\\u093e");
  });
});

describe("numbers, billing and refunds", () => {
  it("splits on whitespace and commas, casts to int, refunds blanks and invalid numbers", async () => {
    const before = await balances();
    const numbers = "+919876543210 09876543210,\n9876543210 91-9876543210,abc,,0,123,98765432101";
    const answer = await send(base({ mobile_numbers: numbers, v1: "1", v2: "2" }));
    expect(answer.status).toBe(200);
    // 7 contacts billed up front (abc → 0 counts, '' and '0' are skipped), then 1 blank and 2 invalid refunded.
    expect(answer.json.data).toMatchObject({
      total_contacts: 6,
      total_invalid_number: 2,
      total_credit_deduct: 4,
      message_credit_size: 1,
      status: "Ready-to-complete",
    });
    expect((await balances()).transactional).toBe(before.transactional - 4);
  });

  it("duplicates are kept and charged", async () => {
    const answer = await send(
      base({ mobile_numbers: "9876543210,9876543210,9876543210", message: "a".repeat(200) }),
    );
    expect(answer.json.data).toMatchObject({ total_contacts: 3, total_credit_deduct: 6 });
  });

  it("the balance check uses every contact, before refunds", async () => {
    const account = sandbox.state.accounts.find((a) => a.appKey === DEMO_ACCOUNT.appKey);
    if (!account) throw new Error("seed changed");
    account.transactionalBalance = 2;
    const answer = await send(base({ mobile_numbers: "9876543210,123,456" }));
    expect(answer.json.error_code).toBe(1007);
    account.transactionalBalance = 3;
    const ok = await send(base({ mobile_numbers: "9876543210,123,456" }));
    expect(ok.json.data.total_credit_deduct).toBe(1);
    expect((await balances()).transactional).toBe(2);
  });

  it.each([
    ["route 0 (OTP) bills transactional", "0", "transactional", 1],
    ["route 1 bills transactional", "1", "transactional", 1],
    ["no route_type bills transactional", "", "transactional", 1],
    ["route 2 bills promotional and echoes the string '2'", "2", "promotional", "2"],
  ])("%s", async (_name, route, balance, echoed) => {
    const before = await balances();
    const params = base({ mobile_numbers: "9876543210,9876543211" });
    if (route === "") delete (params as Record<string, string>).route_type;
    else params.route_type = route;
    const answer = await send(params);
    expect(answer.json.data.route_type).toBe(echoed);
    const after = await balances();
    const key = balance as "transactional" | "promotional";
    const other = key === "transactional" ? "promotional" : "transactional";
    expect(after[key]).toBe(before[key] - 2);
    expect(after[other]).toBe(before[other]);
  });

  it("a single mobile_number is used as is (11 digits with 0 → valid)", async () => {
    const answer = await send({ ...base(), mobile_numbers: "", mobile_number: "09876543210" });
    expect(answer.json.data).toMatchObject({ total_contacts: 1, total_invalid_number: 0 });
  });

  it("is_flash: only a numeric 1 counts", async () => {
    expect((await send(base({ is_flash: "1" }))).json.data.is_flash).toBe(1);
    expect((await send(base({ is_flash: "true" }))).json.data.is_flash).toBe(0);
  });
});

describe("scheduled sends and campaigns", () => {
  it("a future schedule is Pending, billed in full (no refund), dated as sent", async () => {
    const before = await balances();
    const answer = await send(
      base({ schedule_date: "2025-03-02 10:00", mobile_numbers: "9876543210,123,abc" }),
    );
    expect(answer.json.data).toMatchObject({
      status: "Pending",
      campaign_send_date_time: "2025-03-02 10:00",
      total_contacts: 3,
      total_credit_deduct: 3,
      total_invalid_number: 0,
    });
    expect((await balances()).transactional).toBe(before.transactional - 3);
    const list = await get(sandbox, "campaign-list", { ...auth(DEMO_ACCOUNT), per_page_record: "1" });
    expect(list.json.data.data[0]).toMatchObject({
      campaign_current_stage: "Pending",
      campaign_send_date_time: "2025-03-02 10:00:00",
    });
  });

  it("an impossible calendar date is deducted but no campaign is made (the backend's failed insert)", async () => {
    const before = await balances();
    const answer = await send(base({ schedule_date: "2025-04-31 10:00" }));
    expect(answer.status).toBe(500);
    expect(answer.json.error_code).toBe(1005);
    expect(sandbox.sends()).toBe(0);
    expect((await balances()).transactional).toBe(before.transactional - 1);
  });

  it("every send creates a campaign at the top of campaign-list, with a new id", async () => {
    const first = await get(sandbox, "campaign-list", { ...auth(DEMO_ACCOUNT), per_page_record: "1" });
    const topId = first.json.data.data[0].id;
    const total = first.json.data.total;
    await send(base({ message: "first" }));
    await send(base({ message: "second" }));
    const list = await get(sandbox, "campaign-list", { ...auth(DEMO_ACCOUNT), per_page_record: "3" });
    expect(list.json.data.total).toBe(total + 2);
    expect(list.json.data.data.map((row: { message: string }) => row.message).slice(0, 2)).toEqual([
      "second",
      "first",
    ]);
    expect(list.json.data.data[1].id).toBeGreaterThan(topId);
    expect(list.json.data.data[0]).toMatchObject({
      campaign_name: "API",
      sender_id: "QCOMM",
      campaign_current_stage: "Ready-to-complete",
      total_contacts: 1,
      total_credit_use: 1,
    });
    expect(sandbox.sends()).toBe(2);
    expect(sandbox.callCount("send-message")).toBe(2);
    expect(sandbox.callCount("send-message", DEMO_ACCOUNT.appKey)).toBe(2);
    expect(sandbox.callCount("send-message", "someone-else")).toBe(0);
  });

  it("an inactive template of the own account can still be sent (only listing filters status)", async () => {
    const answer = await send(base({ dlt_template_id: DEMO_TEMPLATES.inactive, v1: "Gold" }));
    expect(answer.status).toBe(200);
    expect(answer.json.data.message).toBe("Your old plan Gold expires today.");
  });
});
