/**
 * Helpers shared by the `sendMessage` tests over GraphQL: per-request credential headers, a send that expects
 * HTTP 200 without GraphQL errors, and the OTP input most of them send. Each test file keeps its own selection.
 */
import { expect } from "vitest";
import { DEMO_TEMPLATES, type DemoCredentials } from "../../src/sandbox/seed.js";
import type { TestGateway } from "./gateway.js";

/** A `sendMessage` result, as selected by the caller's query. */
export type SendResult = Record<string, any>;

/** The `x-quickcom-app-key` / `x-quickcom-app-secret` headers that make a request use `account`. */
export function headersOf(account: Pick<DemoCredentials, "appKey" | "appSecret">): Record<string, string> {
  return { "x-quickcom-app-key": account.appKey, "x-quickcom-app-secret": account.appSecret };
}

/**
 * POSTs `query` (a mutation taking `$input: SendMessageInput!`) with `input`, expects status 200 and no GraphQL
 * errors, and returns `data.sendMessage`.
 */
export async function sendMessage(
  gw: Pick<TestGateway, "gql">,
  query: string,
  input: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<SendResult> {
  const { status, body } = await gw.gql<{ sendMessage: SendResult }>(query, { input }, headers);
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data?.sendMessage as SendResult;
}

/** The demo OTP template's input (route OTP, variables 482913 / 10) to `mobileNumbers`, then `overrides`. */
export function otpInput(
  overrides: Record<string, unknown> = {},
  mobileNumbers: string[] = ["9876543210"],
): Record<string, unknown> {
  return {
    dltTemplateId: DEMO_TEMPLATES.otp,
    mobileNumbers,
    route: "OTP",
    variables: ["482913", "10"],
    ...overrides,
  };
}
