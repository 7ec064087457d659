/**
 * send_whatsapp with a client that shows confirmation forms: the human is asked once with the rendered WhatsApp
 * message, recipient, sender and charge, and the message goes out only on accept.
 */
import { describe, expect, it } from "vitest";
import { DEMO_WA_SENDER, DEMO_WA_TEMPLATES as T } from "../../src/sandbox/channel-seed.js";
import { type InMemoryMcpOptions, startInMemoryMcp } from "../mcp/helpers.js";
import { textOf } from "../mcp/read-tool-cases.js";

const INPUT = {
  templateName: T.appointment,
  mobileNumber: "9876543210",
  senderNumber: DEMO_WA_SENDER,
  headerValues: ["Asha"],
  bodyValues: ["Monday", "10:30"],
};

async function sendWith(elicit: InMemoryMcpOptions["elicit"]) {
  const mcp = await startInMemoryMcp({ elicit, config: { whatsappCharges: { UTILITY: 0.125 } } });
  try {
    const result = await mcp.client.callTool({ name: "send_whatsapp", arguments: INPUT });
    return {
      result,
      text: textOf(result),
      structured: result.structuredContent as any,
      elicitations: [...mcp.elicitations],
      sends: mcp.sandbox.callCount("send-wa-message"),
    };
  } finally {
    await mcp.close();
  }
}

describe("send_whatsapp with elicitation", () => {
  it("asks the human with the WhatsApp message and its charge, and sends once on accept", async () => {
    const { result, text, structured, elicitations, sends } = await sendWith(() => ({
      action: "accept",
      content: { confirm: true },
    }));
    expect(result.isError, text).toBeFalsy();
    expect(structured).toMatchObject({
      sent: true,
      campaign: { channel: "WHATSAPP", whatsappCredit: 0.125 },
    });
    expect(sends).toBe(1);
    expect(elicitations).toHaveLength(1);
    const asked = elicitations[0] ?? "";
    expect(asked).toContain("Send this WhatsApp message?");
    expect(asked).toContain("Hello Asha\nYour appointment is on Monday at 10:30.");
    expect(asked).toContain("Recipient: 9876543210");
    expect(asked).toContain(`Sender: ${DEMO_WA_SENDER}`);
    expect(asked).toContain("Charge: 0.125 whatsapp_credit, balance 250.5");
  });

  it("sends nothing when the human declines", async () => {
    const { result, structured, elicitations, sends } = await sendWith(() => ({ action: "decline" }));
    expect(result.isError).toBeFalsy();
    expect(structured).toMatchObject({ sent: false, campaign: null });
    expect(elicitations).toHaveLength(1);
    expect(sends).toBe(0);
  });
});
