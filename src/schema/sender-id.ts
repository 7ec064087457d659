/**
 * `SenderId` nodes and `Query.senderIds`.
 */
import type { SenderIdRecord } from "../quickcom/types.js";
import { builder } from "./builder.js";
import { keyedConnection } from "./connection.js";
import { connectionComplexity } from "./limits.js";

const SenderId = builder.objectRef<SenderIdRecord>("SenderId");

builder.node(SenderId, {
  description: "An approved sender ID (DLT header).",
  isTypeOf: (value) => typeof (value as SenderIdRecord)?.senderId === "string",
  id: { resolve: (s) => s.senderId },
  loadOne: async (id, ctx) =>
    (await ctx.upstream.senderIds.load("self")).find((s) => s.senderId === id) ?? null,
  fields: (t) => ({
    name: t.exposeString("senderId", {
      description: "The sender ID (6-character DLT header such as QCOMM).",
    }),
  }),
});

builder.queryField("senderIds", (t) =>
  t.connection(
    {
      type: SenderId,
      description: "Approved sender IDs.",
      complexity: connectionComplexity,
      resolve: async (_root, args, ctx) =>
        keyedConnection(await ctx.upstream.senderIds.load("self"), args, "sender", (s) => s.senderId),
    },
    { name: "SenderIdConnection" },
    { name: "SenderIdEdge" },
  ),
);
