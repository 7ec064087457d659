/**
 * Turns any error raised while executing an operation into a GraphQL error with a stable `extensions.code`
 * and a message that is safe to show: no stack trace, no URL, no secret.
 */
import { PothosValidationError } from "@pothos/core";
import { GraphQLError } from "graphql";
import { fromUpstreamError, GatewayError } from "../gateway/errors.js";
import { QuickcomError } from "../quickcom/client/errors.js";

/** Extra fields of typed errors worth exposing in `extensions`. */
function details(error: GatewayError): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const key of ["fieldErrors", "retryAfterSeconds", "idempotencyKey", "problems", "invalidNumbers"]) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value !== undefined) extra[key] = value;
  }
  return extra;
}

/** Codes yoga uses for its own request errors, spelt the gateway's way. */
const RENAMED_CODES: Record<string, string> = { REQUEST_ENTITY_TOO_LARGE: "PAYLOAD_TOO_LARGE" };

/** Extensions safe to return: no `originalError` (yoga puts request-body snippets there), stable codes. */
function safeExtensions(extensions: Record<string, unknown>, fallbackCode: string): Record<string, unknown> {
  const { originalError: _dropped, ...rest } = extensions;
  const code = typeof rest.code === "string" ? rest.code : fallbackCode;
  return { ...rest, code: RENAMED_CODES[code] ?? code };
}

/**
 * The masker of every front door (also yoga's `maskedErrors.maskError`): known errors keep their message and
 * get their code; anything unexpected becomes "Unexpected error." with code INTERNAL_SERVER_ERROR (and is
 * reported through `onUnexpected`). Masking a masked error changes nothing.
 */
export function createErrorMasker(onUnexpected: (error: unknown) => void) {
  return (error: unknown): Error => {
    const graphqlError = error instanceof GraphQLError ? error : null;
    if (!graphqlError && error instanceof SyntaxError) {
      // Resolver errors arrive wrapped in a GraphQLError; a bare SyntaxError is yoga failing to parse the
      // JSON of a GET request's `variables` or `extensions` parameter.
      return new GraphQLError("The request's variables or extensions are not valid JSON.", {
        extensions: { code: "BAD_REQUEST", http: { status: 400 } },
      });
    }
    let original: unknown = graphqlError?.originalError ?? error;
    while (original instanceof GraphQLError && original.originalError) original = original.originalError;
    const location = { nodes: graphqlError?.nodes, path: graphqlError?.path };
    if (original instanceof QuickcomError) original = fromUpstreamError(original);
    if (original instanceof GatewayError) {
      return new GraphQLError(original.message, {
        ...location,
        extensions: { code: original.code, ...details(original) },
      });
    }
    if (original instanceof PothosValidationError) {
      return new GraphQLError(original.message, { ...location, extensions: { code: "BAD_USER_INPUT" } });
    }
    if (original instanceof GraphQLError) {
      const code = original.extensions?.code;
      if (typeof code === "string") {
        return new GraphQLError(original.message, {
          ...location,
          extensions: safeExtensions(original.extensions, code),
        });
      }
    }
    if (graphqlError && !graphqlError.originalError) {
      return new GraphQLError(graphqlError.message, {
        ...location,
        extensions: safeExtensions(graphqlError.extensions ?? {}, "GRAPHQL_VALIDATION_FAILED"),
      });
    }
    onUnexpected(original);
    return new GraphQLError("Unexpected error.", {
      ...location,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  };
}
