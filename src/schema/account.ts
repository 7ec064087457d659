/**
 * `Account` (profile from check-balance, `active` from account-status) with its `Balance`, and `Query.account`.
 */
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
    promotional: t.exposeInt("promotional"),
    twoWaySms: t.exposeInt("twoWaySms"),
    voice: t.exposeInt("voice"),
    whatsappCredit: t.exposeFloat("whatsappCredit"),
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
      resolve: async (_r, _a, ctx) => (await ctx.upstream.balance.load("self")).userNumber,
    }),
    name: t.string({ resolve: async (_r, _a, ctx) => (await ctx.upstream.balance.load("self")).name }),
    email: t.string({
      nullable: true,
      resolve: async (_r, _a, ctx) => (await ctx.upstream.balance.load("self")).email,
    }),
    mobile: t.string({
      nullable: true,
      resolve: async (_r, _a, ctx) => (await ctx.upstream.balance.load("self")).mobile,
    }),
    ipSecurityEnabled: t.boolean({
      resolve: async (_r, _a, ctx) => (await ctx.upstream.balance.load("self")).ipSecurityEnabled,
    }),
    balance: t.field({ type: Balance, resolve: (_r, _a, ctx) => ctx.upstream.balance.load("self") }),
  }),
});

builder.queryField("account", (t) =>
  t.field({
    type: Account,
    description: "The account of the request's QuickCom credentials.",
    resolve: () => ACCOUNT,
  }),
);
