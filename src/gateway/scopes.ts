/**
 * Which gateway-token scopes an operation needs, shared by `/graphql` (both paths) and the MCP tools.
 */
import type { OperationDefinitionNode } from "graphql";

/** Root fields that need no `read` scope: introspection, and `sendAudit`, which checks `audit` itself. */
const NO_READ_NEEDED = new Set(["__schema", "__type", "__typename", "sendAudit"]);

/**
 * Whether `scopes` are not enough for `operation`: queries and subscriptions need `read`, except introspection and `sendAudit`,
 * and `messagePreview`, which a caller who may send can always ask for (a send needs its preview first).
 */
export function lacksReadScope(operation: OperationDefinitionNode, scopes: ReadonlySet<string>): boolean {
  if (operation.operation === "mutation" || scopes.has("read")) return false;
  return !operation.selectionSet.selections.every(
    (s) =>
      s.kind === "Field" &&
      (NO_READ_NEEDED.has(s.name.value) || (s.name.value === "messagePreview" && scopes.has("send"))),
  );
}
