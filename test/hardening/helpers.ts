/**
 * Shared pieces of the hardening suite: one GraphQL operation per upstream endpoint, the send mutation,
 * every sandbox fault, the stable error codes (docs/ERROR-CODES.md), and checks that a response is a clean
 * failure.
 */
import type { SandboxEndpoint, SandboxFault } from "../../src/sandbox/faults.js";
import { DEMO_TEMPLATES } from "../../src/sandbox/seed.js";

/** Upstream timeout the fault tests run with (latency and hang faults go beyond it). */
export const TIMEOUT_MS = 300;

/** Environment of a gateway under fault tests: short upstream timeout, no read cache. */
export const FAULT_ENV: Record<string, string> = { QUICKCOM_TIMEOUT_MS: String(TIMEOUT_MS) };

/** Latency of the latency fault: well beyond the timeout. */
export const LATENCY_MS = TIMEOUT_MS * 4;

/** One injected fault with a readable name. */
export interface NamedFault {
  name: string;
  fault: SandboxFault;
}

/** Every fault type the sandbox can inject (each 5xx status the issue names). */
export const FAULTS: readonly NamedFault[] = [
  { name: "latency", fault: { type: "latency", ms: LATENCY_MS } },
  { name: "status500", fault: { type: "status", status: 500 } },
  { name: "status502", fault: { type: "status", status: 502 } },
  { name: "status503", fault: { type: "status", status: 503 } },
  { name: "status504", fault: { type: "status", status: 504 } },
  { name: "error1005", fault: { type: "error1005" } },
  { name: "rateLimit", fault: { type: "rateLimit", retryAfterSeconds: 0 } },
  { name: "malformed", fault: { type: "malformed" } },
  { name: "drop", fault: { type: "drop" } },
  { name: "hang", fault: { type: "hang" } },
];

/** The code a read reports when its endpoint keeps failing with each fault type. */
export const READ_FAULT_CODES: Record<SandboxFault["type"], string> = {
  latency: "UPSTREAM_TIMEOUT",
  hang: "UPSTREAM_TIMEOUT",
  status: "UPSTREAM_UNAVAILABLE",
  error1005: "1005",
  rateLimit: "RATE_LIMITED",
  malformed: "UPSTREAM_BAD_RESPONSE",
  drop: "UPSTREAM_UNAVAILABLE",
};

/** A read endpoint, a GraphQL query answered by it alone, and an MCP tool that needs it. */
export interface ReadProbe {
  endpoint: Exclude<SandboxEndpoint, "send-message">;
  query: string;
  /** MCP read tool whose answer needs this endpoint. */
  tool: string;
  /** True when the answer has the data the query asked for. */
  answered(data: Record<string, unknown> | undefined): boolean;
}

/** One query per read endpoint. */
export const READ_PROBES: readonly ReadProbe[] = [
  {
    endpoint: "account-status",
    tool: "get_account",
    query: "query AccountStatus { account { active } }",
    answered: (d) => typeof (d?.account as { active?: unknown } | undefined)?.active === "boolean",
  },
  {
    endpoint: "check-balance",
    tool: "get_account",
    query: "query Balance { account { name balance { transactional promotional } } }",
    answered: (d) =>
      typeof (d?.account as { balance?: { transactional?: unknown } } | undefined)?.balance?.transactional ===
      "number",
  },
  {
    endpoint: "approved-senderids",
    tool: "list_sender_ids",
    query: "query SenderIds { senderIds(first: 5) { totalCount edges { node { name } } } }",
    answered: (d) => ((d?.senderIds as { totalCount?: number } | undefined)?.totalCount ?? 0) > 0,
  },
  {
    endpoint: "templates",
    tool: "list_templates",
    query: "query Templates { templates(first: 5) { totalCount edges { node { dltTemplateId } } } }",
    answered: (d) => ((d?.templates as { totalCount?: number } | undefined)?.totalCount ?? 0) > 0,
  },
  {
    endpoint: "campaign-list",
    tool: "list_campaigns",
    query: "query Campaigns { campaigns(first: 5) { edges { node { campaignId name } } } }",
    answered: (d) => Array.isArray((d?.campaigns as { edges?: unknown } | undefined)?.edges),
  },
];

/** The send mutation with every member of the result union the suite looks at. */
export const SEND_MUTATION = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    __typename
    ... on Error { message code }
    ... on SendMessageSuccess { campaign { uuid idempotencyKey replayed creditsDeducted } }
    ... on SendOutcomeUnknownError { idempotencyKey }
    ... on RateLimitedError { retryAfterSeconds }
    ... on InvalidInputError { fieldErrors { field message } }
  }
}`;

/** A valid one-recipient OTP send. */
export function otpInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dltTemplateId: DEMO_TEMPLATES.otp,
    mobileNumbers: ["9876543210"],
    route: "OTP",
    variables: ["482913", "10"],
    ...overrides,
  };
}

/** Every `extensions.code` / `Error.code` the gateway may answer with (docs/ERROR-CODES.md). */
export const STABLE_CODES: ReadonlySet<string> = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "UNSUPPORTED_MEDIA_TYPE",
  "NOT_ACCEPTABLE",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PAGE_SIZE_TOO_LARGE",
  "QUERY_TOO_DEEP",
  "TOO_MANY_ALIASES",
  "QUERY_TOO_COMPLEX",
  "ONE_SEND_PER_OPERATION",
  "UPSTREAM_UNAVAILABLE",
  "UPSTREAM_TIMEOUT",
  "UPSTREAM_BAD_RESPONSE",
  "SEND_OUTCOME_UNKNOWN",
  "CONFIRMATION_REQUIRED",
  "CAP_EXCEEDED",
  "RATE_LIMITED",
  "INVALID_NUMBERS",
  "TEMPLATE_VARIABLES",
  "IDEMPOTENCY_KEY_REUSED",
  "SEND_IN_PROGRESS",
  "PARTIAL_SEND",
  "PAYLOAD_TOO_LARGE",
  "NOT_FOUND",
  "1001",
  "1002",
  "1005",
  "1006",
  "1007",
  "1008",
  "1011",
  "1016",
  "1017",
  "1018",
]);

/** Signs of a stack trace or an internal path in a response body. */
const STACK_SIGNS = [/\n\s+at\s/, /node_modules/, /\.ts:\d+/, /\.js:\d+:\d+/, /"stack"\s*:/, /file:\/\//];

/** The first sign of a stack trace or internal path in `text`, or null. */
export function stackTraceIn(text: string): string | null {
  for (const sign of STACK_SIGNS) {
    const match = sign.exec(text);
    if (match) return match[0];
  }
  return null;
}

/** A GraphQL error as the wire carries it. */
export interface WireError {
  message?: unknown;
  extensions?: { code?: unknown } & Record<string, unknown>;
}

/** Problems with a GraphQL error list: missing or unstable codes, empty messages. */
export function errorProblems(errors: readonly WireError[] | undefined): string[] {
  if (!errors || errors.length === 0) return ["no errors"];
  const problems: string[] = [];
  for (const error of errors) {
    const code = error.extensions?.code;
    if (typeof code !== "string" || !STABLE_CODES.has(code)) {
      problems.push(`unstable code ${JSON.stringify(code)} (${String(error.message)})`);
    }
    if (typeof error.message !== "string" || error.message.trim() === "") problems.push("empty message");
  }
  return problems;
}

/** Counts events of one kind while installed (unhandled rejections, uncaught exceptions). */
export function trackProcessEvent(event: "unhandledRejection" | "uncaughtException"): {
  readonly count: number;
  readonly seen: unknown[];
  stop(): void;
} {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => {
    seen.push(reason);
  };
  process.on(event, listener);
  return {
    get count() {
      return seen.length;
    },
    seen,
    stop: () => process.off(event, listener),
  };
}

/** What a response says, judged by the hardening rules. */
export interface Verdict {
  /** Rule breaks: 5xx, stack traces, unparsable 2xx bodies, unstable or missing codes. */
  problems: string[];
  /** Every code found: `errors[].extensions.code` and `code` of typed error results. */
  codes: string[];
  /** True when the answer is an error: 4xx, GraphQL errors, or a typed error result. */
  errored: boolean;
}

function typedErrorCodes(value: unknown, found: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) typedErrorCodes(item, found);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const record = value as Record<string, unknown>;
  if (typeof record.__typename === "string" && record.__typename.endsWith("Error")) {
    found.push(typeof record.code === "string" ? record.code : `<${record.__typename} without code>`);
  }
  for (const child of Object.values(record)) typedErrorCodes(child, found);
}

/** Judges one HTTP answer of `/graphql` (a single result or a batch). */
export function judge(status: number, text: string): Verdict {
  const problems: string[] = [];
  const codes: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}`);
  const stack = stackTraceIn(text);
  if (stack) problems.push(`stack trace sign ${JSON.stringify(stack)}`);
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    if (status < 400) problems.push(`unparsable body: ${text.slice(0, 80)}`);
  }
  let errored = status >= 400;
  for (const result of Array.isArray(body) ? body : body === undefined ? [] : [body]) {
    const errors = (result as { errors?: WireError[] } | null)?.errors;
    if (errors && errors.length > 0) {
      errored = true;
      problems.push(...errorProblems(errors));
      for (const error of errors) codes.push(String(error.extensions?.code));
    }
    const typed: string[] = [];
    typedErrorCodes((result as { data?: unknown } | null)?.data, typed);
    if (typed.length > 0) errored = true;
    for (const code of typed) if (!STABLE_CODES.has(code)) problems.push(`unstable typed code ${code}`);
    codes.push(...typed);
  }
  return { problems, codes, errored };
}

/** Every form a secret could take in text: raw, URL-encoded (both styles), JSON-escaped, base64. */
export function secretFormsOf(secret: string): string[] {
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      Buffer.from(secret).toString("base64"),
    ]),
  ];
}
