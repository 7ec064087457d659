/**
 * Prompts: ready-made instructions that walk an assistant through common jobs with the tools.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

/** Registers `send_otp`, `summarise_campaigns` and `check_delivery`. */
export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    "send_otp",
    {
      title: "Send a one-time password",
      description:
        "Walks through sending an OTP SMS with send_otp: the OTP template, a gateway-generated code, an idempotent send.",
      argsSchema: {
        mobileNumber: z.string().describe("Indian mobile number to send the OTP to."),
        otp: z
          .string()
          .optional()
          .describe("The one-time password (4-8 digits); omit to let the gateway generate one."),
        validityMinutes: z
          .string()
          .optional()
          .describe("How long the OTP is valid, in minutes, if the template says (default 10)."),
      },
    },
    ({ mobileNumber, otp, validityMinutes }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: [
              `Send a one-time password by SMS to ${mobileNumber} with the QuickCom tools.`,
              otp
                ? `Use the code ${otp} (pass it as code).`
                : "Let the gateway generate the code: leave code out (it uses a cryptographic random generator).",
              `It is valid for ${validityMinutes ?? "10"} minutes.`,
              "1. Call list_templates and pick the approved OTP template: its text is for a one-time code and its variableCount is 1.",
              "2. Call send_otp with that dltTemplateId, the mobileNumber and a fresh idempotencyKey; reuse the key if you retry.",
              "3. The result's otp.code is the code sent: do not repeat it in the chat unless I ask.",
              "4. If it answers OTP_THROTTLED, tell me how many seconds to wait (retryAfterSeconds); do not retry in a loop.",
              "5. If the outcome is unknown, check list_campaigns before trying again, with the same idempotencyKey.",
            ].join("\n"),
          },
        },
      ],
    }),
  );

  server.registerPrompt(
    "summarise_campaigns",
    {
      title: "Summarise campaign delivery",
      description:
        "Reports delivery of the most recent SMS campaigns: totals, rates, failures, anything stuck.",
      argsSchema: {
        count: z.string().optional().describe("How many recent campaigns to cover (default 20)."),
      },
    },
    ({ count }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: [
              `Summarise the delivery of my ${count ?? "20"} most recent QuickCom SMS campaigns.`,
              "Call list_campaigns (follow nextCursor with `cursor` until you have enough campaigns).",
              "Report: total recipients, delivered and failed with the delivery rate, the campaigns with the " +
                "highest failure rate, and any still Pending or In-process. Keep it to a short table and a few lines.",
            ].join("\n"),
          },
        },
      ],
    }),
  );

  server.registerPrompt(
    "check_delivery",
    {
      title: "Check a campaign's delivery",
      description:
        "Reports who received an SMS campaign: counts, failures with their reasons, and whether it is finished.",
      argsSchema: {
        campaignUuid: z.string().describe("The campaign uuid send_message returned (campaign.uuid)."),
        mobileNumber: z
          .string()
          .optional()
          .describe("One recipient to check in particular (10 digits, optionally prefixed +91, 91 or 0)."),
      },
    },
    ({ campaignUuid, mobileNumber }) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: [
              `Check the delivery of my QuickCom SMS campaign ${campaignUuid}.`,
              "1. Call get_delivery_report with this campaignUuid. Report delivered, failed, blocked, invalid and " +
                "pending out of totalContacts, and whether it is completed.",
              "2. If anything failed, call get_delivery_report again with status FAILED (follow nextCursor) and " +
                "group the failed numbers by rawStatus (UNDELIV, EXPIRED, REJECTD, INVALID...), in plain words.",
              mobileNumber
                ? `3. Call get_message_status for ${mobileNumber} and say what happened to that message.`
                : "3. If I ask about one number, call get_message_status for it.",
              "4. If it is not completed yet, say so and offer to check again in a minute (messages usually settle " +
                "within minutes); do not resend anything unless I ask.",
            ].join("\n"),
          },
        },
      ],
    }),
  );
}
