import { describe, expect, it } from "vitest";
import {
  accountBalance,
  accountStatus,
  accountUsage,
  campaignPage,
  campaignReport,
  envelope,
  numberReport,
  senderIds,
  sendMessageResponse,
  templates,
} from "../../src/quickcom/client/responses.js";

describe("envelope", () => {
  it("accepts the documented envelope and ignores extra fields", () => {
    const parsed = envelope.parse({
      status: true,
      intime: "2025-02-28T11:31:50.814219Z",
      outtime: "2025-02-28T11:31:50.879329Z",
      message: "Account is in active status.",
      data: { is_account_activated: true },
      errors: {},
      error_code: null,
      extra: 1,
    });
    expect(parsed.status).toBe(true);
    expect(parsed.message).toBe("Account is in active status.");
  });

  it.each([[{ message: "x" }], [[1, 2]], ["Too Many Attempts."], [{ status: "yes", message: "x" }]])(
    "rejects %j",
    (body) => {
      expect(envelope.safeParse(body).success).toBe(false);
    },
  );
});

describe("account-status", () => {
  it.each([
    [true, true],
    [1, true],
    ["1", true],
    [false, false],
  ])("is_account_activated %j → active %s", (value, active) => {
    expect(accountStatus.parse({ is_account_activated: value })).toEqual({ active });
  });
});

describe("check-balance", () => {
  const reference = {
    user_number: 16,
    name: "John Doe",
    email: "john@example.com",
    mobile: "9876543210",
    status: "1",
    transaction_balance: 114830,
    promotional_balance: 0,
    two_waysms_balance: 0,
    voice_sms_balance: 0,
    whatsapp_credit: "0.0000",
    country: 99,
    is_enabled_api_ip_security: 0,
    ut: 2,
  };

  it("maps the reference example", () => {
    expect(accountBalance.parse(reference)).toEqual({
      userNumber: 16,
      name: "John Doe",
      email: "john@example.com",
      mobile: "9876543210",
      active: true,
      transactional: 114830,
      promotional: 0,
      twoWaySms: 0,
      voice: 0,
      whatsappCredit: 0,
      ipSecurityEnabled: false,
    });
  });

  it("tolerates numbers as strings, null contact fields and status 0", () => {
    const mapped = accountBalance.parse({
      ...reference,
      user_number: "16",
      email: null,
      mobile: null,
      status: 0,
      transaction_balance: "500",
      whatsapp_credit: "12.5000",
      is_enabled_api_ip_security: "1",
    });
    expect(mapped).toMatchObject({
      userNumber: 16,
      email: null,
      mobile: null,
      active: false,
      transactional: 500,
      whatsappCredit: 12.5,
      ipSecurityEnabled: true,
    });
  });

  it("rejects a non-numeric balance", () => {
    expect(accountBalance.safeParse({ ...reference, transaction_balance: "lots" }).success).toBe(false);
  });
});

describe("sender IDs and templates", () => {
  it("maps sender IDs", () => {
    expect(senderIds.parse([{ sender_id: "QCOMM" }, { sender_id: "ALERTS" }])).toEqual([
      { senderId: "QCOMM" },
      { senderId: "ALERTS" },
    ]);
  });

  it("maps templates (numeric ids tolerated)", () => {
    expect(
      templates.parse([
        {
          template_name: "OTP",
          entity_id: "1234567890123456789",
          dlt_header_id: 1234567,
          is_for_unicode: 0,
          dlt_message_template: "Your OTP is {#var#}. Valid for {#var#} minutes.",
          dlt_template_id: "1507162019748109480",
          status: 1,
        },
        {
          template_name: "Hindi",
          entity_id: "1",
          dlt_header_id: "2",
          is_for_unicode: "1",
          dlt_message_template: "नमस्ते {#var#}",
          dlt_template_id: "3",
          status: "1",
        },
      ]),
    ).toEqual([
      {
        dltTemplateId: "1507162019748109480",
        name: "OTP",
        entityId: "1234567890123456789",
        headerId: "1234567",
        unicode: false,
        body: "Your OTP is {#var#}. Valid for {#var#} minutes.",
      },
      {
        dltTemplateId: "3",
        name: "Hindi",
        entityId: "1",
        headerId: "2",
        unicode: true,
        body: "नमस्ते {#var#}",
      },
    ]);
  });

  it("rejects a list that is not an array", () => {
    expect(senderIds.safeParse({ sender_id: "QCOMM" }).success).toBe(false);
  });
});

describe("campaign-list", () => {
  const row = {
    id: 1234568,
    campaign_name: "Campaign",
    sender_id: "QCOMM",
    sms_type: "1",
    message: "Your campaign message here",
    message_type: "1",
    total_contacts: 1000,
    currently_delivered: 985,
    currently_failed: 15,
    campaign_current_stage: "Completed",
  };

  it("maps the reference example", () => {
    const page = campaignPage.parse({
      data: [row],
      total: 3,
      current_page: "1",
      per_page_record: "5",
      last_page: 1,
    });
    expect(page).toEqual({
      campaigns: [
        {
          id: 1234568,
          name: "Campaign",
          senderId: "QCOMM",
          smsType: "1",
          message: "Your campaign message here",
          messageType: "1",
          totalContacts: 1000,
          delivered: 985,
          failed: 15,
          stage: "Completed",
        },
      ],
      total: 3,
      page: 1,
      perPage: 5,
      lastPage: 1,
    });
  });

  it("maps the backend's extra fields, numeric types and a float last_page", () => {
    const page = campaignPage.parse({
      data: [
        {
          ...row,
          sms_type: 1,
          message_type: 2,
          currently_delivered: null,
          msg_length: 26,
          msg_consumed_credit: 1,
          is_flash: 0,
          campaign_send_date_time: "2025-02-28 17:40:51",
          total_contacts: "2",
          total_block_number: 0,
          total_invalid_number: 1,
          total_credit_use: "1",
        },
      ],
      total: 11,
      current_page: 2,
      per_page_record: 5,
      last_page: 2.2,
    });
    expect(page.lastPage).toBe(3);
    expect(page.campaigns[0]).toMatchObject({
      smsType: "1",
      messageType: "2",
      totalContacts: 2,
      delivered: 0,
      sendDateTime: "2025-02-28 17:40:51",
      totalInvalidNumbers: 1,
      totalCreditUsed: 1,
      isFlash: false,
    });
  });

  it("rejects rows without an id", () => {
    const { id: _id, ...withoutId } = row;
    expect(
      campaignPage.safeParse({
        data: [withoutId],
        total: 1,
        current_page: 1,
        per_page_record: 1,
        last_page: 1,
      }).success,
    ).toBe(false);
  });
});

describe("send-message", () => {
  const reference = {
    campaign: "API",
    sender_id: "QCOMM",
    route_type: 1,
    sms_type: 1,
    message: "Your order QC12345 confirmed. Amount: ₹2499",
    is_flash: 0,
    campaign_send_date_time: "2025-02-28 17:40:51",
    message_count: 55,
    message_credit_size: 1,
    total_contacts: 2,
    total_credit_deduct: 2,
    status: "Ready-to-complete",
    uuid: "0d8cbde0-f5cd-11ef-993e-2bd877xxxxxx",
    total_invalid_number: 0,
  };

  it("maps the reference example", () => {
    expect(sendMessageResponse.parse(reference)).toEqual({
      uuid: "0d8cbde0-f5cd-11ef-993e-2bd877xxxxxx",
      campaign: "API",
      senderId: "QCOMM",
      routeType: 1,
      smsType: 1,
      message: "Your order QC12345 confirmed. Amount: ₹2499",
      isFlash: false,
      sendDateTime: "2025-02-28 17:40:51",
      messageCount: 55,
      creditsPerMessage: 1,
      totalContacts: 2,
      creditsDeducted: 2,
      status: "Ready-to-complete",
      invalidNumbers: 0,
    });
  });

  it("tolerates the backend's string numbers and a missing total_invalid_number (scheduled)", () => {
    const { total_invalid_number: _n, ...scheduled } = reference;
    const mapped = sendMessageResponse.parse({
      ...scheduled,
      route_type: "2",
      is_flash: "1",
      total_credit_deduct: "4",
      status: "Pending",
      ratio_percent_set: 0,
    });
    expect(mapped).toMatchObject({ routeType: 2, isFlash: true, creditsDeducted: 4, invalidNumbers: 0 });
  });
});

describe("send-report", () => {
  const backend = {
    id: 1234890,
    campaign_name: "API",
    sender_id: "QCOMM",
    sms_type: "1",
    message: "Your OTP is 482913. Valid for 10 minutes.",
    message_type: "1",
    msg_length: 41,
    msg_consumed_credit: 1,
    is_flash: 0,
    campaign_send_date_time: "2025-03-01 11:30:00",
    total_contacts: 4,
    total_block_number: 0,
    total_invalid_number: 1,
    total_credit_use: 3,
    currently_delivered: 1,
    currently_failed: 1,
    campaign_current_stage: "Ready-to-complete",
    send_numbers: [
      {
        mobile: "919876543210",
        used_credit: 1,
        submit_date: "2025-03-01 11:30:02",
        done_date: "2025-03-01 11:30:09",
        status: "DELIVRD",
        response_code: "000",
      },
      {
        mobile: "919123456780",
        used_credit: "1",
        submit_date: null,
        done_date: null,
        status: "Pending",
        response_code: null,
      },
      { mobile: 919988776655, used_credit: 1, submit_date: "2025-03-01 11:30:01", status: "ACCEPTED" },
      {
        mobile: "12345",
        used_credit: 1,
        submit_date: null,
        done_date: null,
        status: "INVALID",
        response_code: "XX1",
      },
      {
        mobile: "919000000001",
        used_credit: 1,
        submit_date: "",
        done_date: "2025-03-01 11:30:03",
        status: "REJECTED",
        response_code: 16,
      },
      { mobile: "919000000002", used_credit: null, status: "black", response_code: "" },
    ],
  };

  it("maps the campaign and every row, with the row's delivery state", () => {
    const report = campaignReport.parse(backend);
    expect(report).toMatchObject({
      id: 1234890,
      name: "API",
      senderId: "QCOMM",
      message: "Your OTP is 482913. Valid for 10 minutes.",
      messageLength: 41,
      creditsPerMessage: 1,
      isFlash: false,
      sendDateTime: "2025-03-01 11:30:00",
      totalContacts: 4,
      totalBlockNumbers: 0,
      totalInvalidNumbers: 1,
      totalCreditUsed: 3,
      delivered: 1,
      failed: 1,
      stage: "Ready-to-complete",
    });
    expect(report.recipients[0]).toEqual({
      mobile: "919876543210",
      creditsUsed: 1,
      submittedAt: "2025-03-01 11:30:02",
      doneAt: "2025-03-01 11:30:09",
      status: "DELIVRD",
      responseCode: "000",
      state: "delivered",
    });
    expect(report.recipients.map((r) => [r.mobile, r.state, r.responseCode, r.submittedAt])).toEqual([
      ["919876543210", "delivered", "000", "2025-03-01 11:30:02"],
      ["919123456780", "pending", null, null],
      ["919988776655", "pending", null, "2025-03-01 11:30:01"],
      ["12345", "invalid", "XX1", null],
      ["919000000001", "failed", "16", null],
      ["919000000002", "blocked", null, null],
    ]);
    expect(report.recipients[5]?.creditsUsed).toBe(0);
  });

  it("tolerates string counters and a row list that is empty", () => {
    const report = campaignReport.parse({
      ...backend,
      total_contacts: "4",
      currently_delivered: "2",
      msg_length: null,
      send_numbers: [],
    });
    expect(report).toMatchObject({ totalContacts: 4, delivered: 2, messageLength: null, recipients: [] });
  });

  it.each([
    ["no send_numbers", { send_numbers: undefined }],
    ["send_numbers not a list", { send_numbers: {} }],
    ["a row without mobile", { send_numbers: [{ status: "DELIVRD" }] }],
    ["a campaign without id", { id: undefined }],
  ])("rejects %s", (_name, patch) => {
    expect(campaignReport.safeParse({ ...backend, ...patch }).success).toBe(false);
  });
});

describe("send-number-report", () => {
  it("maps the rows and their message", () => {
    const rows = numberReport.parse([
      {
        mobile: "919876543210",
        used_credit: 2,
        submit_date: "2025-03-01 11:30:02",
        done_date: "2025-03-01 11:30:20",
        status: "UNDELIV",
        response_code: "001",
        message: "Hello",
      },
    ]);
    expect(rows).toEqual([
      {
        mobile: "919876543210",
        creditsUsed: 2,
        submittedAt: "2025-03-01 11:30:02",
        doneAt: "2025-03-01 11:30:20",
        status: "UNDELIV",
        responseCode: "001",
        state: "failed",
        message: "Hello",
      },
    ]);
    expect(numberReport.parse([])).toEqual([]);
    expect(numberReport.safeParse({}).success).toBe(false);
  });
});

describe("sms-overall-report", () => {
  it("maps DECIMAL strings, numbers and NULL sums", () => {
    expect(
      accountUsage.parse({
        total_contacts: "48213",
        total_credit_used: 51020,
        total_delivered: "47002",
        total_failed: "911",
        total_block_number: "0",
        total_invalid_number: "120",
        total_process: "180",
      }),
    ).toEqual({
      totalContacts: 48213,
      creditsUsed: 51020,
      delivered: 47002,
      failed: 911,
      blocked: 0,
      invalid: 120,
      inProcess: 180,
    });
    const none = Object.fromEntries(
      [
        "total_contacts",
        "total_credit_used",
        "total_delivered",
        "total_failed",
        "total_block_number",
        "total_invalid_number",
        "total_process",
      ].map((key) => [key, null]),
    );
    expect(Object.values(accountUsage.parse(none))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(accountUsage.safeParse({ total_contacts: "x" }).success).toBe(false);
  });
});
