/**
 * The WhatsApp preview, pure: the text the recipient reads, the category's configured charge against
 * whatsapp_credit (unknown when WHATSAPP_CHARGES does not state it), and the record kept of an answer.
 */
import { describe, expect, it } from "vitest";
import {
  buildWhatsAppPreview,
  fillPlaceholders,
  whatsappMessageText,
  whatsappSendRecord,
} from "../../src/gateway/whatsapp-preview.js";
import type { WhatsAppTemplate } from "../../src/quickcom/types.js";

const appointment: WhatsAppTemplate = {
  id: 6,
  name: "appointment_reminder",
  category: "UTILITY",
  language: "en",
  templateType: "TEXT",
  mediaType: null,
  headerText: "Hello {{name}}",
  headerVariable: "{{name}}",
  body: "Your appointment is on {{date}} at {{time}}.",
  bodyVariable: "{{date}},{{time}}",
  footerText: "QuickCom Demo",
  status: "APPROVED",
  tags: null,
  buttons: [],
};

const request = {
  to: "919876543210",
  from: "919876500001",
  templateName: "appointment_reminder",
  headerParameters: [{ name: "name", text: "Asha" }],
  bodyParameters: [
    { name: "date", text: "Monday" },
    { name: "time", text: "10:30" },
  ],
};

describe("buildWhatsAppPreview", () => {
  it("renders the message and prices it from the configured charge", () => {
    const preview = buildWhatsAppPreview({
      request,
      template: appointment,
      charges: { UTILITY: 0.125 },
      balance: 250.5,
    });
    expect(preview).toMatchObject({
      category: "UTILITY",
      language: "en",
      mobileNumber: "9876543210",
      header: "Hello Asha",
      body: "Your appointment is on Monday at 10:30.",
      chargePerMessage: 0.125,
      availableCredit: 250.5,
      sufficientBalance: true,
      warnings: [],
    });
    expect(whatsappMessageText(preview)).toBe(
      "Hello Asha\nYour appointment is on Monday at 10:30.\nQuickCom Demo",
    );
  });

  it("says when the charge is unknown or the balance too low", () => {
    const unknown = buildWhatsAppPreview({ request, template: appointment, charges: {}, balance: 250.5 });
    expect(unknown).toMatchObject({ chargePerMessage: null, sufficientBalance: null });
    expect(unknown.warnings.join(" ")).toContain("WHATSAPP_CHARGES");
    const low = buildWhatsAppPreview({
      request,
      template: appointment,
      charges: { UTILITY: 0.125 },
      balance: 0.1,
    });
    expect(low.sufficientBalance).toBe(false);
    expect(low.warnings.join(" ")).toContain("0.1");
  });

  it("keeps a slot it has no value for, and the answer's fractional credit", () => {
    expect(fillPlaceholders("{{1}} and {{2}}", ["a"])).toBe("a and {{2}}");
    const preview = buildWhatsAppPreview({ request, template: appointment, charges: {}, balance: null });
    const record = whatsappSendRecord(
      {
        id: 7001,
        uuid: "u-1",
        campaign: "API",
        sendDateTime: "2030-01-15 12:00:00",
        category: "UTILITY",
        charge: 0.125,
        creditsDeducted: 0.125,
        status: "Ready-to-complete",
        payload: {},
      },
      preview,
    );
    expect(record).toMatchObject({
      uuid: "u-1",
      creditsPerMessage: 0.125,
      creditsDeducted: 0.125,
      totalContacts: 1,
      senderId: "919876500001",
    });
  });
});
