/**
 * The bad-input corpus over real HTTP: malformed bodies, wrong content types and methods, broken and hostile
 * documents, wrong variable types, huge strings, control characters and emoji, tens of thousands of numbers,
 * injection-looking strings, impossible DateTimes, oversized batches and odd paths. Every case gets a clear
 * answer (a 4xx, a GraphQL error or a typed result with a stable code; never a 5xx or a stack trace), and none
 * reaches the upstream's send-message unless the case is a valid send.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { judge, otpInput, SEND_MUTATION, STABLE_CODES, stackTraceIn } from "./helpers.js";
import { type RawRequest, rawRequest } from "./raw-http.js";

/** One hostile or broken request. */
interface BadCase {
  name: string;
  request: RawRequest | (() => RawRequest);
  /** The input is legal: an answer without any error is acceptable. */
  valid?: boolean;
  /** Upstream send-message calls the case may make (default 0). */
  sends?: number;
  /** Exact HTTP status expected. */
  status?: number;
  /** A code that must be among the answer's codes. */
  code?: string;
  /** Text the sent campaign's message must be (valid sends only). */
  message?: string;
}

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };
const PREVIEW = `query Preview($i: SendMessageInput!) {
  messagePreview(input: $i) { message encoding estimatedCredits invalidNumbers warnings }
}`;

function body(query: string, variables?: unknown, extra: Record<string, unknown> = {}): RawRequest {
  return { headers: JSON_HEADERS, body: JSON.stringify({ query, variables, ...extra }) };
}
function rawBody(text: string, headers: Record<string, string> = JSON_HEADERS): RawRequest {
  return { headers, body: text };
}
const send = (input: unknown) => body(SEND_MUTATION, { input });
const preview = (input: unknown) => body(PREVIEW, { i: input });
const globalId = (type: string, id: string | number) => Buffer.from(`${type}:${id}`).toString("base64");
const numbers = (count: number, first: number) => Array.from({ length: count }, (_, i) => String(first + i));
const MB = 1_000_000;

const cases: BadCase[] = [];
const add = (...more: BadCase[]) => cases.push(...more);

// Malformed JSON bodies.
for (const [name, text] of [
  ["empty body", ""],
  ["lone brace", "{"],
  ["closing brace", "}"],
  ["lone bracket", "["],
  ["not JSON", "{not json"],
  ["single quotes", "{'query':'{ __typename }'}"],
  ["trailing comma", '{"query":"{ __typename }",}'],
  ["trailing garbage", '{"query":"{ __typename }"}garbage'],
  ["JSON null", "null"],
  ["JSON number", "42"],
  ["JSON string", '"{ __typename }"'],
  ["JSON true", "true"],
  ["array of numbers", "[1,2]"],
  ["array of null", "[null]"],
  ["query is a number", '{"query":42}'],
  ["query is null", '{"query":null}'],
  ["query is an array", '{"query":["{ __typename }"]}'],
  ["query is an object", '{"query":{"a":1}}'],
  ["no query", "{}"],
  ["variables is a string", '{"query":"{ __typename }","variables":"x"}'],
  ["variables is an array", '{"query":"{ __typename }","variables":[1]}'],
  ["operationName is a number", '{"query":"{ __typename }","operationName":5}'],
  ["extensions is a string", '{"query":"{ __typename }","extensions":"x"}'],
  ["byte-order mark", `\ufeff${JSON.stringify({ query: "{ __typename }" })}`],
  ["NUL bytes", "\u0000\u0000\u0000"],
  [
    "truncated send",
    JSON.stringify({ query: SEND_MUTATION, variables: { input: otpInput() } }).slice(0, 200),
  ],
  ["persisted query hash only", '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"abc"}}}'],
] as const) {
  add({ name: `malformed JSON: ${name}`, request: rawBody(text) });
}
add({
  name: "malformed JSON: 100,000 nested arrays in variables",
  request: () =>
    rawBody(
      `{"query":"query ($x: String!) { template(dltTemplateId: $x) { name } }","variables":{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`,
    ),
});

// Content types, methods, accept headers.
const sendText = JSON.stringify({
  query: `mutation { sendMessage(input: {dltTemplateId: "${DEMO_TEMPLATES.otp}",
  mobileNumbers: ["9876543210"], route: OTP, variables: ["123456", "10"]}) { __typename } }`,
});
const formBody = `query=${encodeURIComponent(JSON.parse(sendText).query)}`;
const boundary = "----hardening";
const multipart = [
  `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${sendText}\r\n`,
  `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n--${boundary}--\r\n`,
].join("");
add(
  {
    name: "content type: text/plain send",
    request: rawBody(sendText, { "content-type": "text/plain" }),
    status: 415,
  },
  {
    name: "content type: form-urlencoded send (CSRF)",
    request: rawBody(formBody, { "content-type": "application/x-www-form-urlencoded" }),
    status: 415,
  },
  {
    name: "content type: multipart send (CSRF)",
    request: rawBody(multipart, { "content-type": `multipart/form-data; boundary=${boundary}` }),
    status: 415,
  },
  { name: "content type: none", request: { body: sendText }, status: 415 },
  {
    name: "content type: application/xml",
    request: rawBody("<query/>", { "content-type": "application/xml" }),
  },
  {
    name: "content type: application/jsonp",
    request: rawBody(sendText, { "content-type": "application/jsonp" }),
  },
  {
    name: "content type: text/html",
    request: rawBody(sendText, { "content-type": "text/html" }),
    status: 415,
  },
  {
    name: "content type: application/graphql with a JSON body",
    request: rawBody(sendText, { "content-type": "application/graphql" }),
  },
  {
    name: "accept: application/xml only (refused before the send runs)",
    request: rawBody(sendText, { ...JSON_HEADERS, accept: "application/xml" }),
    status: 406,
  },
  {
    name: "accept: JSON in latin1 only",
    request: rawBody(sendText, { ...JSON_HEADERS, accept: "application/json; charset=latin1" }),
    status: 406,
  },
  { name: "method PUT", request: { ...rawBody(sendText), method: "PUT" }, status: 405 },
  { name: "method PATCH", request: { ...rawBody(sendText), method: "PATCH" }, status: 405 },
  { name: "method DELETE", request: { method: "DELETE", headers: JSON_HEADERS }, status: 405 },
  {
    name: "GET mutation",
    request: {
      method: "GET",
      path: `/graphql?query=${encodeURIComponent(JSON.parse(sendText).query)}`,
      headers: { accept: "application/json" },
    },
    status: 405,
  },
  {
    name: "GET with malformed variables",
    status: 400,
    request: {
      method: "GET",
      path: "/graphql?query=%7B__typename%7D&variables=%7B",
      headers: { accept: "application/json" },
    },
  },
  {
    name: "GET without query",
    request: { method: "GET", path: "/graphql", headers: { accept: "application/json" } },
  },
  {
    name: "GET with a 20 kB query string",
    request: {
      method: "GET",
      path: `/graphql?query=${"a".repeat(20_000)}`,
      headers: { accept: "application/json" },
    },
  },
);

// Paths.
for (const path of [
  "/graphql/",
  "/GRAPHQL",
  "/graphql%00",
  "/..%2f..%2fetc%2fpasswd",
  "/graphql/../admin",
  "//graphql",
  "/graphql.json",
  "/",
]) {
  add({ name: `path ${path}`, request: { ...rawBody(JSON.stringify({ query: "{ __typename }" })), path } });
}

// Broken or hostile documents.
for (const [name, query] of [
  ["unclosed brace", "{ account { name }"],
  ["extra closing brace", "{ account { name } } }"],
  ["bare keyword", "mutation"],
  ["number as field", "{ 123 }"],
  ["empty argument", "{ template(dltTemplateId: ) { name } }"],
  ["NUL in document", "{ __typename \u0000 }"],
  ["BEL in document", "{ __typename \u0007 }"],
  ["unterminated block string", '{ template(dltTemplateId: """abc) { name } }'],
  ["empty variable type", "query ($x: ) { __typename }"],
  ["dangling fragment keyword", "{ __typename } fragment"],
  ["unknown field", "{ nope }"],
  ["unknown nested field", "{ account { nope } }"],
  ["type name as field", "{ Account }"],
  ["unknown argument", "{ templates(firstt: 1) { totalCount } }"],
  ["string for Int literal", '{ templates(first: "1") { totalCount } }'],
  ["float for Int literal", "{ templates(first: 1.5) { totalCount } }"],
  ["Int over 32 bits", "{ templates(first: 2147483648) { totalCount } }"],
  ["missing required argument", "{ template { name } }"],
  ["leaf with selection", "{ account { name { x } } }"],
  ["object without selection", "{ account }"],
  ["unknown directive", "{ account @nope { name } }"],
  ["directive without its argument", "{ account @include { name } }"],
  ["undefined variable", "{ template(dltTemplateId: $x) { name } }"],
  ["variable of the wrong type", "query ($x: Int) { template(dltTemplateId: $x) { name } }"],
  ["variable of an unknown type", "query ($x: Nope) { __typename }"],
  ["unused variable", "query ($x: String) { __typename }"],
  ["two anonymous operations", "{ __typename } { __typename }"],
  ["subscription", "subscription { account { name } }"],
  ["mutation field on Query", "{ sendMessage(input: {}) { __typename } }"],
  ["query field on Mutation", "mutation { account { name } }"],
  ["sendMessage without selection", "mutation { sendMessage }"],
  ["direct fragment cycle", "{ ...A } fragment A on Query { ...A }"],
  [
    "indirect fragment cycle",
    "{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { ...A }",
  ],
  ["unknown fragment", "{ ...Nope }"],
  ["fragment on an unknown type", "{ ...F } fragment F on Nope { name }"],
  ["fragment on the wrong type", "{ ...F } fragment F on Account { name }"],
  ["unused fragment", "{ __typename } fragment F on Query { __typename }"],
  [
    "duplicate fragment names",
    "{ ...F } fragment F on Query { __typename } fragment F on Query { __typename }",
  ],
  ["duplicate operation names", "query A { __typename } query A { __typename }"],
  ["first negative", "{ templates(first: -1) { totalCount } }"],
  ["first over the page limit", "{ templates(first: 101) { totalCount } }"],
  ["last over the page limit", "{ senderIds(last: 101) { totalCount } }"],
  ["first and last together", "{ campaigns(first: 1, last: 1) { totalCount } }"],
  ["after and before together", '{ campaigns(after: "a", before: "b") { totalCount } }'],
  ["sendAudit page too large", "{ sendAudit(first: 101) { totalCount } }"],
  ["deep unknown fields", `{ ${"a { ".repeat(14)}b${" }".repeat(14)} }`],
  [
    "deep through fragments",
    `{ ...F0 } ${Array.from({ length: 14 }, (_, i) => `fragment F${i} on Query { x${i} { ...F${i + 1} } }`).join(" ")} fragment F14 on Query { __typename }`,
  ],
  ["31 aliases", `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: account { name }`).join(" ")} }`],
  ["alias bomb of 3,000", `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: __typename`).join(" ")} }`],
  ["1,000 directives", `{ __typename${" @include(if: true)".repeat(1000)} }`],
  ["150 repeated account selections", `{ ${"account { name } ".repeat(150)} }`],
  [
    "fragment fan-out bomb",
    "{ ...A } fragment A on Query { ...B ...B ...B ...B } fragment B on Query { ...C ...C ...C ...C } fragment C on Query { ...D ...D ...D ...D } fragment D on Query { ...E ...E ...E ...E } fragment E on Query { account { name } }",
  ],
  ["2,000 nested inline fragments", `{ ${"... on Query { ".repeat(2000)}__typename${" }".repeat(2000)} }`],
] as const) {
  add({ name: `document: ${name}`, request: body(query) });
}
add(
  {
    name: "document: every connection at 100 (valid read)",
    request: body(
      "{ templates(first: 100) { edges { node { name body } } } campaigns(first: 100) { edges { node { name message } } } senderIds(first: 100) { edges { node { name } } } }",
    ),
    valid: true,
  },
  {
    name: "document: ten aliased campaign pages of 100",
    request: body(
      `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: campaigns(first: 100) { edges { node { name message senderId stage } } }`).join(" ")} }`,
    ),
    code: "QUERY_TOO_COMPLEX",
  },
  {
    name: "document: two sendMessage fields",
    request:
      body(`mutation { a: sendMessage(input: {dltTemplateId: "${DEMO_TEMPLATES.otp}", mobileNumbers: ["9876543210"],
      route: OTP, variables: ["1", "2"]}) { __typename } b: sendMessage(input: {dltTemplateId: "${DEMO_TEMPLATES.otp}",
      mobileNumbers: ["9876543211"], route: OTP, variables: ["1", "2"]}) { __typename } }`),
    code: "ONE_SEND_PER_OPERATION",
  },
  {
    name: "document: sendMessage twice through fragments",
    request: body(
      "mutation M($i: SendMessageInput!) { ...S ...T } fragment S on Mutation { sendMessage(input: $i) { __typename } } fragment T on Mutation { again: sendMessage(input: $i) { __typename } }",
      { i: otpInput() },
    ),
    code: "ONE_SEND_PER_OPERATION",
  },
  {
    name: "document: wrong operationName",
    request: body("query A { __typename }", undefined, { operationName: "B" }),
  },
  {
    name: "document: 1 MB operationName",
    request: () => body("query A { __typename }", undefined, { operationName: "x".repeat(MB) }),
  },
  {
    name: "document: 1 MB variable name",
    request: () => body(`query ($${"v".repeat(MB)}: String) { __typename }`),
  },
  {
    name: "document: 31 aliases code",
    request: body(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(" ")} }`),
    code: "TOO_MANY_ALIASES",
  },
  {
    name: "document: token bomb code",
    request: body(`{ ${"__typename ".repeat(4100)} }`),
    code: "QUERY_TOO_COMPLEX",
  },
  {
    name: "document: depth code",
    request: body(`{ ${"a { ".repeat(14)}b${" }".repeat(14)} }`),
    code: "QUERY_TOO_DEEP",
  },
);

// Relay ids and cursors.
for (const id of [
  "x",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "' OR 1=1 --",
  globalId("Nope", 1),
  "",
  "x".repeat(100_000),
]) {
  add({
    name: `node id ${JSON.stringify(id.slice(0, 30))}`,
    request: body("query ($id: ID!) { node(id: $id) { id } }", { id }),
  });
}
add(
  {
    name: "nodes: 101 ids",
    request: body("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {
      ids: Array.from({ length: 101 }, (_, i) => globalId("Template", i)),
    }),
    code: "PAGE_SIZE_TOO_LARGE",
  },
  {
    name: "nodes: 100,000 ids",
    request: () =>
      body("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {
        ids: Array.from({ length: 100_000 }, (_, i) => globalId("Campaign", i)),
      }),
  },
  {
    name: "nodes: one malformed id among good ones",
    request: body("query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {
      ids: [globalId("Template", 1), "garbage"],
    }),
    code: "BAD_USER_INPUT",
  },
);
for (const cursor of [
  "' OR 1=1 --",
  "../../etc/passwd",
  "%00",
  "<script>",
  "{#var#}",
  Buffer.from("campaign:-1").toString("base64url"),
  "x".repeat(MB),
]) {
  for (const field of ["campaigns", "templates", "senderIds", "sendAudit"]) {
    add({
      name: `cursor ${field}(after: ${JSON.stringify(cursor.slice(0, 20))})`,
      request: body(`query ($c: String) { ${field}(first: 2, after: $c) { totalCount } }`, { c: cursor }),
    });
  }
}

// Wrong variable types in SendMessageInput, through sendMessage and messagePreview.
const wrongTypes: [string, Record<string, unknown>][] = [
  ["input null", { __replace: null }],
  ["input a string", { __replace: "send it" }],
  ["input an array", { __replace: [otpInput()] }],
  ["input empty", { __replace: {} }],
  ["unknown input field", { evil: 1 }],
  ["__proto__ input field", { __proto_json: true }],
  ["dltTemplateId a number", { dltTemplateId: 1507162019 }],
  ["dltTemplateId null", { dltTemplateId: null }],
  ["dltTemplateId an array", { dltTemplateId: [DEMO_TEMPLATES.otp] }],
  ["dltTemplateId an object", { dltTemplateId: { id: DEMO_TEMPLATES.otp } }],
  ["dltTemplateId empty", { dltTemplateId: "" }],
  ["dltTemplateId with letters", { dltTemplateId: "15071620197481094x0" }],
  ["dltTemplateId 33 digits", { dltTemplateId: "1".repeat(33) }],
  ["dltTemplateId unknown", { dltTemplateId: "1234567890" }],
  ["dltTemplateId inactive", { dltTemplateId: DEMO_TEMPLATES.inactive }],
  ["mobileNumbers a number", { mobileNumbers: 9876543210 }],
  ["mobileNumbers null", { mobileNumbers: null }],
  ["mobileNumbers empty", { mobileNumbers: [] }],
  ["mobileNumbers with null", { mobileNumbers: ["9876543210", null] }],
  ["mobileNumbers nested", { mobileNumbers: [["9876543210"]] }],
  ["mobileNumbers of numbers", { mobileNumbers: [9876543210] }],
  ["mobileNumbers of booleans", { mobileNumbers: [true] }],
  ["mobileNumbers an object", { mobileNumbers: { a: "9876543210" } }],
  ["route lower case", { route: "otp" }],
  ["route a number", { route: 0 }],
  ["route unknown", { route: "FREE" }],
  ["route null", { route: null }],
  ["route a list", { route: ["OTP"] }],
  ["variables of numbers", { variables: [482913, 10] }],
  ["variables with null", { variables: ["1", null] }],
  ["variables an object", { variables: { a: "1" } }],
  ["variables too few", { variables: ["482913"] }],
  ["variables too many", { variables: ["1", "2", "3"] }],
  ["variables one string", { variables: "482913" }],
  ["variable empty", { variables: ["", "10"] }],
  ["variable whitespace", { variables: ["   ", "10"] }],
  ["variable 31 characters", { variables: ["x".repeat(31), "10"] }],
  ["101 variables", { variables: Array.from({ length: 101 }, () => "1") }],
  ["flash a string", { flash: "yes" }],
  ["flash a number", { flash: 1 }],
  ["idempotencyKey a number", { idempotencyKey: 5 }],
  ["idempotencyKey empty", { idempotencyKey: "" }],
  ["idempotencyKey with a space", { idempotencyKey: "a b" }],
  ["idempotencyKey 129 characters", { idempotencyKey: "k".repeat(129) }],
  ["idempotencyKey non-ASCII", { idempotencyKey: "ключ" }],
  ["idempotencyKey emoji", { idempotencyKey: "🎉" }],
  ["idempotencyKey with NUL", { idempotencyKey: "key\u0000" }],
  ["idempotencyKey with CRLF", { idempotencyKey: "key\r\nX-Injected: 1" }],
  ["confirmationToken an object", { confirmationToken: { t: 1 } }],
];
const scheduleAts = [
  "",
  "not a date",
  "2030-13-01T10:00:00Z",
  "2030-00-10T10:00:00Z",
  "2030-02-30T10:00:00+05:30",
  "2030-04-31T10:00:00Z",
  "2029-02-29T10:00:00Z",
  "2030-01-01T24:00:00Z",
  "2030-01-01T23:60:00Z",
  "2030-01-01T10:00:60Z",
  "2030-01-01T10:00:00+25:00",
  "2030-01-01T10:00:00",
  "2030-01-01",
  "10:00",
  "+099999-01-01T10:00:00Z",
  "2001-01-01T10:00:00Z",
  "2030-01-01T10:00:00Z; DROP TABLE campaigns",
  1893456000,
  true,
  ["2030-01-01T10:00:00Z"],
];
for (const value of scheduleAts)
  wrongTypes.push([`scheduleAt ${JSON.stringify(value)}`, { scheduleAt: value }]);

function variant(overrides: Record<string, unknown>): unknown {
  if ("__replace" in overrides) return overrides.__replace;
  if ("__proto_json" in overrides)
    return JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(otpInput()).slice(1)}`);
  return otpInput(overrides);
}
for (const [name, overrides] of wrongTypes) {
  add({ name: `sendMessage: ${name}`, request: send(variant(overrides)) });
  // A preview of a past schedule is a legal question: it answers with a warning.
  const legalPreview = overrides.scheduleAt === "2001-01-01T10:00:00Z";
  add({ name: `messagePreview: ${name}`, request: preview(variant(overrides)), valid: legalPreview });
}

// Recipients: bad numbers and very many numbers.
for (const number of [
  "",
  " ",
  "12345",
  "98765432101",
  "5876543210",
  "+92 9876543210",
  "98765-4321O",
  "٩٨٧٦٥٤٣٢١٠",
  "９８７６５４３２１０",
  "9".repeat(33),
  "9876543210\u0000",
  "9876543210' OR 1=1--",
  "<script>",
  "../9876543210",
]) {
  add({
    name: `sendMessage: number ${JSON.stringify(number)}`,
    request: send(otpInput({ mobileNumbers: ["9876543211", number] })),
  });
}
add(
  {
    name: "sendMessage: 20,000 invalid numbers",
    request: () => send(otpInput({ mobileNumbers: numbers(20_000, 1_000_000_000) })),
    code: "INVALID_NUMBERS",
  },
  {
    name: "sendMessage: 20,000 numbers, one invalid",
    request: () => send(otpInput({ mobileNumbers: [...numbers(19_999, 9_000_000_000), "12345"] })),
    code: "INVALID_NUMBERS",
  },
  {
    name: "sendMessage: 150,000 numbers",
    request: () => send(otpInput({ mobileNumbers: numbers(150_000, 9_000_000_000) })),
    code: "CAP_EXCEEDED",
  },
  {
    name: "messagePreview: 150,000 numbers",
    request: () => preview(otpInput({ mobileNumbers: numbers(150_000, 9_000_000_000) })),
    code: "CAP_EXCEEDED",
  },
  {
    name: "messagePreview: 20,000 valid numbers (valid, sends nothing)",
    request: () => preview(otpInput({ mobileNumbers: numbers(20_000, 9_000_000_000) })),
    valid: true,
  },
  {
    name: "sendMessage: 1.1 million numbers (over the body limit)",
    request: () => send(otpInput({ mobileNumbers: numbers(1_100_000, 9_000_000_000) })),
    status: 413,
  },
);

// Huge strings.
add(
  {
    name: "huge: 1 MB variable",
    request: () => send(otpInput({ variables: ["x".repeat(MB), "10"] })),
    code: "BAD_USER_INPUT",
  },
  {
    name: "huge: 1 MB variable in preview",
    request: () => preview(otpInput({ variables: ["x".repeat(MB), "10"] })),
  },
  {
    name: "huge: 1 MB dltTemplateId",
    request: () => send(otpInput({ dltTemplateId: "1".repeat(MB) })),
    code: "BAD_USER_INPUT",
  },
  {
    name: "huge: 1 MB idempotencyKey",
    request: () => send(otpInput({ idempotencyKey: "k".repeat(MB) })),
    code: "BAD_USER_INPUT",
  },
  {
    name: "huge: 1 MB mobile number",
    request: () => send(otpInput({ mobileNumbers: ["9".repeat(MB)] })),
    code: "BAD_USER_INPUT",
  },
  {
    name: "huge: 1 MB scheduleAt",
    request: () => send(otpInput({ scheduleAt: "2".repeat(MB) })),
    code: "BAD_USER_INPUT",
  },
  {
    name: "huge: 1 MB string literal in the document (valid read)",
    request: () => body(`{ template(dltTemplateId: "${"1".repeat(MB)}") { name } }`),
    valid: true,
  },
  {
    name: "huge: 1 MB header value",
    request: () => ({
      ...rawBody(JSON.stringify({ query: "{ __typename }" })),
      headers: { ...JSON_HEADERS, "x-request-id": "r".repeat(MB) },
    }),
    status: 431,
  },
  { name: "huge: 5 MB body", request: () => rawBody(" ".repeat(5 * MB)), status: 413 },
  {
    name: "huge: 1 MB credentials header",
    request: () => ({
      ...send(otpInput()),
      headers: { ...JSON_HEADERS, "x-quickcom-app-key": "k".repeat(MB), "x-quickcom-app-secret": "s" },
    }),
    status: 431,
  },
);

// Control characters, invisible characters and emoji in variables: refused, or sent exactly as given.
for (const char of [
  "\u0000",
  "\u0001",
  "\u0007",
  "\b",
  "\t",
  "\u000b",
  "\f",
  "\r",
  "\u000e",
  "\u001b",
  "\u007f",
  "\u0080",
  "\u009f",
  "\ud800",
  "\udfff",
]) {
  const code = char.codePointAt(0)?.toString(16).padStart(4, "0");
  add({
    name: `control U+${code} in a variable`,
    request: send(otpInput({ variables: [`48${char}2913`, "10"] })),
    code: "TEMPLATE_VARIABLES",
  });
}
for (const value of [
  "🎉",
  "👨‍👩‍👧",
  "🇮🇳",
  "e\u0301",
  "\u202e123",
  "\u200b",
  "\ufeff1",
  "a\u2028b",
  "नमस्ते",
  "₹99",
  "12\n34",
]) {
  add({
    name: `sent as given: ${JSON.stringify(value)}`,
    request: send(otpInput({ variables: [value, "10"] })),
    valid: true,
    sends: 1,
    message: `Your OTP is ${value}. Valid for 10 minutes.`,
  });
}

// Injection-looking strings: as variables they are sent literally; anywhere else they are refused.
for (const value of [
  "' OR '1'='1",
  "1; DROP TABLE campaigns;--",
  "{#var#}",
  "%00",
  "%2e%2e%2f",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the point
  "${jndi:ldap://x/a}",
  "{{7*7}}",
  "$(id)",
  "&app_secret=x&route_type=2",
  "\\u0000",
  "%s%s%s%n",
]) {
  add({
    name: `injection sent literally: ${value}`,
    request: send(otpInput({ variables: [value, "10"] })),
    valid: true,
    sends: 1,
    message: `Your OTP is ${value}. Valid for 10 minutes.`,
  });
  add({
    name: `injection in dltTemplateId: ${value}`,
    request: send(otpInput({ dltTemplateId: value })),
    code: "BAD_USER_INPUT",
  });
  add({ name: `injection as a number: ${value}`, request: send(otpInput({ mobileNumbers: [value] })) });
  add({
    name: `injection in template(): ${value}`,
    request: body("query ($id: String!) { template(dltTemplateId: $id) { name } }", { id: value }),
    valid: true,
  });
}
for (const [name, headers] of [
  [
    "app key with a query string",
    { "x-quickcom-app-key": `${DEMO_ACCOUNT.appKey}&app_secret=x`, "x-quickcom-app-secret": "wrong" },
  ],
  ["app secret %00", { "x-quickcom-app-key": DEMO_ACCOUNT.appKey, "x-quickcom-app-secret": "%00" }],
  [
    "app secret ../",
    { "x-quickcom-app-key": DEMO_ACCOUNT.appKey, "x-quickcom-app-secret": "../../etc/passwd" },
  ],
  ["app key SQL", { "x-quickcom-app-key": "' OR 1=1 --", "x-quickcom-app-secret": DEMO_ACCOUNT.appSecret }],
] as const) {
  add({
    name: `credential headers: ${name}`,
    request: { ...send(otpInput()), headers: { ...JSON_HEADERS, ...headers } },
    code: "1017",
  });
}

// Batches.
const op = { query: "{ __typename }" };
const sendOp = { query: SEND_MUTATION, variables: { input: otpInput() } };
add(
  { name: "batch of 6", request: rawBody(JSON.stringify(Array.from({ length: 6 }, () => op))), status: 413 },
  {
    name: "batch of 1,000",
    request: rawBody(JSON.stringify(Array.from({ length: 1000 }, () => op))),
    status: 413,
  },
  {
    name: "batch of 6 sends",
    request: rawBody(JSON.stringify(Array.from({ length: 6 }, () => sendOp))),
    status: 413,
  },
  {
    name: "batch of 6 sends, GET",
    request: {
      method: "GET",
      path: `/graphql?query=${encodeURIComponent(JSON.stringify(Array.from({ length: 6 }, () => sendOp)))}`,
      headers: { accept: "application/json" },
    },
  },
  { name: "batch with a non-object", request: rawBody(JSON.stringify([op, 1])) },
  { name: "batch with null", request: rawBody(JSON.stringify([op, null])) },
  { name: "batch with an empty object", request: rawBody(JSON.stringify([op, {}])) },
  { name: "nested batch", request: rawBody(JSON.stringify([[op]])) },
  {
    name: "batch with a double send",
    request: rawBody(
      JSON.stringify([
        op,
        {
          query:
            "mutation ($i: SendMessageInput!) { a: sendMessage(input: $i) { __typename } b: sendMessage(input: $i) { __typename } }",
          variables: { i: otpInput() },
        },
      ]),
    ),
    code: "ONE_SEND_PER_OPERATION",
  },
);

/** Bad MCP tool calls: each must fail as an `isError` result, never a send. */
const MCP_CALLS: [string, string, Record<string, unknown>][] = [
  ["unknown tool", "nope_tool", {}],
  ["send without arguments", "send_message", {}],
  ["dltTemplateId a number", "send_message", { ...otpInput(), dltTemplateId: 1507162019 }],
  ["mobileNumbers a string", "send_message", { ...otpInput(), mobileNumbers: "9876543210" }],
  ["mobileNumbers empty", "send_message", { ...otpInput(), mobileNumbers: [] }],
  ["route lower case", "send_message", { ...otpInput(), route: "otp" }],
  ["variables of numbers", "send_message", { ...otpInput(), variables: [1, 2] }],
  ["control character", "send_message", { ...otpInput(), variables: ["\u0000", "2"] }],
  ["lone surrogate", "send_message", { ...otpInput(), variables: ["\ud800", "2"] }],
  ["impossible date", "send_message", { ...otpInput(), scheduleAt: "2030-02-30T10:00:00Z" }],
  ["date without offset", "send_message", { ...otpInput(), scheduleAt: "2030-01-01T10:00:00" }],
  ["invalid numbers", "send_message", { ...otpInput(), mobileNumbers: ["12345", "' OR 1=1"] }],
  ["150,000 numbers", "send_message", { ...otpInput(), mobileNumbers: numbers(150_000, 9_000_000_000) }],
  ["1 MB variable", "send_message", { ...otpInput(), variables: ["x".repeat(MB), "2"] }],
  ["SQL template id", "send_message", { ...otpInput(), dltTemplateId: "1; DROP TABLE campaigns" }],
  ["idempotencyKey with CRLF", "send_message", { ...otpInput(), idempotencyKey: "k\r\nX: 1" }],
  ["preview with a lone surrogate", "preview_message", { ...otpInput(), variables: ["\ud800", "2"] }],
  [
    "preview of 150,000 numbers",
    "preview_message",
    { ...otpInput(), mobileNumbers: numbers(150_000, 9_000_000_000) },
  ],
  ["preview with unknown template", "preview_message", { ...otpInput(), dltTemplateId: "1234567890" }],
  ["limit too large", "list_campaigns", { limit: 1000 }],
  ["negative limit", "list_templates", { limit: -1 }],
  ["cursor ../", "list_campaigns", { cursor: "../../etc/passwd" }],
  ["cursor <script>", "list_templates", { cursor: "<script>" }],
  ["template id 100 kB", "get_template", { dltTemplateId: "1".repeat(100_000) }],
  ["template id an object", "get_template", { dltTemplateId: { $ne: null } }],
];

/** Raw `/mcp` requests that are not valid MCP: each gets a 4xx with a JSON-RPC error or a gateway error. */
const MCP_RAW: [string, string][] = [
  ["not JSON", "{not json"],
  ["empty body", ""],
  ["JSON null", "null"],
  ["empty object", "{}"],
  ["empty batch", "[]"],
  [
    "tools/call before initialize",
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"send_message","arguments":{}}}',
  ],
  ["wrong jsonrpc version", '{"jsonrpc":"1.0","id":1,"method":"initialize"}'],
  ["method a number", '{"jsonrpc":"2.0","id":1,"method":5}'],
];

const seen = { tried: 0, fiveXx: 0 };
afterAll(() => {
  console.log(`bad-input corpus (GraphQL + MCP): ${seen.tried} bad inputs tried, ${seen.fiveXx} 5xx seen`);
});

describe("bad-input corpus", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  it("has at least 200 cases with distinct names", () => {
    expect(cases.length + MCP_CALLS.length + MCP_RAW.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)("$name", async (c) => {
    const request = typeof c.request === "function" ? c.request() : c.request;
    const sendsBefore = gw.sandbox.callCount("send-message");
    seen.tried++;
    const response = await rawRequest(gw.url, request);
    if (response.status >= 500) seen.fiveXx++;
    const verdict = judge(response.status, response.text);
    const sends = gw.sandbox.callCount("send-message") - sendsBefore;

    expect(verdict.problems, response.text.slice(0, 300)).toEqual([]);
    expect(response.status).toBeLessThan(500);
    if (c.status !== undefined) expect(response.status).toBe(c.status);
    if (c.code !== undefined) expect(verdict.codes).toContain(c.code);
    if (!c.valid) expect(verdict.errored, response.text.slice(0, 300)).toBe(true);
    expect(sends).toBe(c.sends ?? 0);
    if (c.message !== undefined) {
      expect(verdict.errored, response.text.slice(0, 300)).toBe(false);
      expect(gw.sandbox.state.campaigns.at(-1)?.message).toBe(c.message);
    }
    expect(response.headers["x-request-id"] ?? (response.status === 431 ? "node" : undefined)).toBeTruthy();
  });
});

describe("bad-input corpus through MCP", () => {
  let gw: TestGateway;
  let client: Client;
  beforeAll(async () => {
    gw = await startTestGateway({ mcp: true, env: { MCP_SEND_CONFIRMATION: "off" } });
    client = await gw.connectMcp();
  });
  afterAll(() => gw.close());

  it.each(MCP_CALLS)("tool call: %s", async (_name, tool, args) => {
    const before = gw.sandbox.callCount("send-message");
    seen.tried++;
    const result = await client.callTool({ name: tool, arguments: args });
    const text = JSON.stringify(result.content);
    expect(result.isError, text.slice(0, 300)).toBe(true);
    const code = /Error ([A-Z0-9_]+)/.exec(text)?.[1];
    if (!text.includes("MCP error -32602"))
      expect(STABLE_CODES.has(code ?? ""), text.slice(0, 300)).toBe(true);
    expect(stackTraceIn(text)).toBeNull();
    expect(gw.sandbox.callCount("send-message")).toBe(before);
  });

  it.each(MCP_RAW)("raw request: %s", async (_name, body) => {
    seen.tried++;
    const answer = await rawRequest(gw.url, {
      path: "/mcp",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body,
    });
    if (answer.status >= 500) seen.fiveXx++;
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(stackTraceIn(answer.text)).toBeNull();
    expect(JSON.parse(answer.text)).toHaveProperty("error");
    expect(gw.sandbox.callCount("send-message")).toBe(0);
  });
});
