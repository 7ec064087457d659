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
      description: "Walks through sending an OTP SMS safely: template, preview, confirmation, send.",
      argsSchema: {
        mobileNumber: z.string().describe("Indian mobile number to send the OTP to."),
        otp: z
          .string()
          .optional()
          .describe("The one-time password; omit to let the assistant generate 6 digits."),
        validityMinutes: z
          .string()
          .optional()
          .describe("How long the OTP is valid, in minutes (default 10)."),
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
              `OTP: ${otp ?? "generate a random 6-digit number"}; valid for ${validityMinutes ?? "10"} minutes.`,
              "1. Call list_templates and pick the approved template meant for OTPs (its body mentions OTP or a code).",
              "2. Call get_template if needed to see how many {#var#} variables it has and what goes in each.",
              "3. Call preview_message with route OTP, the number, and the variables in template order.",
              "4. Show me the rendered text and the credits, and ask me to confirm.",
              "5. After I confirm, call send_message with the same input, the preview's confirmationToken and a " +
                "fresh idempotencyKey. If the outcome is unknown, check list_campaigns before trying again.",
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
