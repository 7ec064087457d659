/**
 * Connection plumbing shared by every list: `totalCount` on all connections, and keyed cursors for the
 * small, unpaginated upstream lists (sender IDs, templates), which stay valid when rows come and go.
 */
import { GraphQLError } from "graphql";
import { builder } from "./builder.js";
import { type PageArgs, pageRequest } from "./limits.js";

builder.globalConnectionField("totalCount", (t) =>
  t.int({
    nullable: false,
    description: "Number of items in the whole list.",
    resolve: (parent) => parent.totalCount,
  }),
);

/** A resolved connection. */
export interface ConnectionResult<T> {
  edges: { readonly cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

function encodeKey(kind: string, key: string): string {
  return Buffer.from(`${kind}:${key}`, "utf8").toString("base64url");
}

function decodeKey(kind: string, cursor: string): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(`${kind}:`)) {
    throw new GraphQLError("The cursor does not belong to this list.", {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return text.slice(kind.length + 1);
}

/** Relay page info whose cursors are read from the edges only when a query asks for them. */
class PageInfo {
  constructor(
    private readonly edges: readonly { readonly cursor: string }[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

/** Builds a connection from an edge window. Cursors are read only when asked for (they may be computed). */
export function connectionOf<T>(
  edges: { readonly cursor: string; node: T }[],
  flags: { hasNextPage: boolean; hasPreviousPage: boolean; totalCount: number },
): ConnectionResult<T> {
  return {
    edges,
    pageInfo: new PageInfo(edges, flags.hasNextPage, flags.hasPreviousPage),
    totalCount: flags.totalCount,
  };
}

/** An edge whose cursor is encoded only when a query selects it. */
class KeyedEdge<T> {
  constructor(
    readonly node: T,
    private readonly kind: string,
    private readonly key: string,
  ) {}

  get cursor(): string {
    return encodeKey(this.kind, this.key);
  }
}

/**
 * A window over an in-memory list with cursors keyed by each item's identity: an `after` cursor keeps its
 * meaning when items are added or removed before it. A cursor whose item vanished is an error.
 */
export function keyedConnection<T>(
  items: readonly T[],
  args: PageArgs,
  kind: string,
  keyOf: (item: T) => string,
): ConnectionResult<T> {
  const request = pageRequest(args);
  const indexOf = (cursor: string) => {
    const key = decodeKey(kind, cursor);
    const index = items.findIndex((item) => keyOf(item) === key);
    if (index < 0) {
      throw new GraphQLError("The cursor's item is no longer in the list; start again without a cursor.", {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    return index;
  };
  let start: number;
  let end: number;
  if (request.direction === "forward") {
    start = request.cursor ? indexOf(request.cursor) + 1 : 0;
    end = Math.min(items.length, start + request.size);
  } else {
    end = request.cursor ? indexOf(request.cursor) : items.length;
    start = Math.max(0, end - request.size);
  }
  const edges = items.slice(start, end).map((node) => new KeyedEdge(node, kind, keyOf(node)));
  return connectionOf(edges, {
    hasNextPage: end < items.length,
    hasPreviousPage: start > 0,
    totalCount: items.length,
  });
}
