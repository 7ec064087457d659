/**
 * `Account` (profile from check-balance, `active` from account-status, `usage` from sms-overall-report) with its
 * `Balance`, and `Query.account`.
 */
import type { AccountUsage } from "../quickcom/types.js";
import { builder } from "./builder.js";

/** Marker for "the account of this request's credentials"; fields load what they need. */
interface AccountRoot {
  kind: "account";
}

/** The account of the request's credentials, as a GraphQL parent value. */
export const ACCOUNT: AccountRoot = { kind: "account" };

const Balance = builder.objectRef<import("../quickcom/types.js").AccountBalance>("Balance").implement({
  description: "Credits per wallet.",
  fields: (t) => ({
    transactional: t.exposeInt("transactional", { description: "Transactional credits (also used by OTP)." }),
    promotional: t.exposeInt("promotional", {
      description: "Promotional credits; PROMOTIONAL sends spend these.",
    }),
    twoWaySms: t.exposeInt("twoWaySms", { description: "Two-way SMS credits." }),
    voice: t.exposeInt("voice", { description: "Voice credits." }),
    whatsappCredit: t.exposeFloat("whatsappCredit", { description: "WhatsApp credit (a decimal amount)." }),
  }),
});

const AccountUsageType = builder.objectRef<AccountUsage>("AccountUsage").implement({
  description:
    "Totals over all the account's campaigns (sms-overall-report). QuickCom caches them for up to 30 minutes, " +
    "so they lag recent sends; read a campaign's deliveryReport for current numbers.",
  fields: (t) => ({
    totalContacts: t.exposeInt("totalContacts", { description: "Recipients over all campaigns." }),
    creditsUsed: t.exposeInt("creditsUsed", { description: "Credits spent." }),
    delivered: t.exposeInt("delivered", { description: "Messages delivered." }),
    failed: t.exposeInt("failed", { description: "Messages that failed." }),
    blocked: t.exposeInt("blocked", { description: "Blocked numbers." }),
    invalid: t.exposeInt("invalid", { description: "Invalid numbers." }),
    inProcess: t.exposeInt("inProcess", { description: "Messages without a final report yet." }),
  }),
});

/** The GraphQL `Account` type. */
export const Account = builder.objectRef<AccountRoot>("Account");

builder.node(Account, {
  description: "The QuickCom account of the request's credentials.",
  isTypeOf: (value) => (value as AccountRoot)?.kind === "account",
  id: { resolve: async (_root, _args, ctx) => (await ctx.upstream.balance.load("self")).userNumber },
  loadOne: async (id, ctx) =>
    String((await ctx.upstream.balance.load("self")).userNumber) === id ? ACCOUNT : null,
  fields: (t) => ({
    active: t.boolean({
      description: "Whether QuickCom reports the account as active (account-status).",
      resolve: async (_root, _args, ctx) => (await ctx.upstream.accountStatus.load("self")).active,
    }),
    userNumber: t.int({
      description: "QuickCom user number of the account.",
      resolve: async (_r, _a, ctx) => (await ctx.upstream.balance.load("self")).userNumber,
    }),
    name: t.string({
      description: "Account (company) name.",
      resolve: async (_r, _a, ctx) => (await ctx.upstream.balance.load("self")).name,
    }),
    email: t.string({
      description: "Contact e-mail, if any.",
      nullable: true,
      resolve: async (_r, _a, ctx) => (await ctx.upstream.balance.load("self")).email,
    }),
    mobile: t.string({
      description: "Contact mobile number, if any.",
      nullable: true,
      resolve: async (_r, _a, ctx) => (await ctx.upstream.balance.load("self")).mobile,
    }),
    ipSecurityEnabled: t.boolean({
      description: "Whether the account only accepts whitelisted IP addresses.",
      resolve: async (_r, _a, ctx) => (await ctx.upstream.balance.load("self")).ipSecurityEnabled,
    }),
    balance: t.field({
      description: "Credits per wallet.",
      type: Balance,
      resolve: (_r, _a, ctx) => ctx.upstream.balance.load("self"),
    }),
    usage: t.field({
      type: AccountUsageType,
      description: "Totals over all campaigns; QuickCom caches them for up to 30 minutes, so they lag.",
      resolve: (_r, _a, ctx) => ctx.upstream.read("sms-overall-report"),
    }),
  }),
});

builder.queryField("account", (t) =>
  t.field({
    type: Account,
    description: "The account of the request's QuickCom credentials.",
    resolve: () => ACCOUNT,
  }),
);
