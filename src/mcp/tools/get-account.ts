/**
 * Tool `get_account`: the QuickCom account of the request's credentials with every wallet's balance.
 */
import { z } from "zod";
import { GetAccountDocument } from "../generated/graphql.js";
import { queryTool } from "./define-tool.js";

const balanceSchema = z
  .object({
    transactional: z
      .number()
      .int()
      .describe("Transactional credits; OTP and TRANSACTIONAL sends spend these."),
    promotional: z.number().int().describe("Promotional credits; PROMOTIONAL sends spend these."),
    twoWaySms: z.number().int().describe("Two-way SMS credits."),
    voice: z.number().int().describe("Voice credits."),
    whatsappCredit: z.number().describe("WhatsApp credit (a decimal amount)."),
  })
  .describe("Credits per wallet.");

/** `get_account`. */
export const getAccountTool = queryTool({
  name: "get_account",
  title: "Get QuickCom account and balance",
  description:
    "Returns the QuickCom account these credentials belong to: name, contact details, whether it is active, and " +
    "the credit balance of each wallet (transactional credits pay for OTP and TRANSACTIONAL sends, promotional " +
    "credits for PROMOTIONAL ones). Use it before a large send to check the balance. Read-only.",
  inputSchema: {},
  outputSchema: {
    account: z
      .object({
        userNumber: z.number().int().describe("QuickCom user number of the account."),
        name: z.string().describe("Account (company) name."),
        email: z.string().nullable().describe("Contact e-mail, if any."),
        mobile: z.string().nullable().describe("Contact mobile number, if any."),
        active: z.boolean().describe("Whether QuickCom reports the account as active."),
        ipSecurityEnabled: z.boolean().describe("Whether the account only accepts whitelisted IP addresses."),
        balance: balanceSchema,
      })
      .describe("The account of the request's credentials."),
  },
  document: GetAccountDocument,
  variables: () => ({}),
  output: (data) => data,
  text: ({ account: a }) =>
    `${a.name} (user ${a.userNumber}, ${a.active ? "active" : "INACTIVE"}). Balance: ` +
    `${a.balance.transactional} transactional, ${a.balance.promotional} promotional credits.`,
});
