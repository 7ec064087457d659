/**
 * A tiny GraphQL-over-HTTP client for the bench's set-up and checks (not for load: autocannon does that).
 */

/** A GraphQL response body. */
export interface GraphqlBody<T = any> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POSTs one operation to `url` (the `/graphql` endpoint) and returns the parsed body. */
export async function postGraphql<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphqlBody<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlBody<T>;
}

/** Like {@link postGraphql}, but throws on any GraphQL error and returns `data`. */
export async function queryData<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const body = await postGraphql<T>(url, query, variables);
  if (body.errors?.length || body.data === undefined) {
    const first = body.errors?.[0];
    throw new Error(`GraphQL error: ${first?.extensions?.code ?? ""} ${first?.message ?? "no data"}`);
  }
  return body.data;
}
