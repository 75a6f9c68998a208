/**
 * Connection endpoints, `"node.port"`.
 */

/** A connection endpoint split into node id and port name. */
export interface Endpoint {
  readonly node: string;
  readonly port: string;
}

/**
 * Splits `"enc.audio"` into `{ node: "enc", port: "audio" }`. Ids and port names contain no dot,
 * so there is exactly one; throws when there is not (parsed patches always have one).
 */
export function splitEndpoint(endpoint: string): Endpoint {
  const dot = endpoint.indexOf(".");
  if (dot <= 0 || dot === endpoint.length - 1 || endpoint.indexOf(".", dot + 1) !== -1) {
    throw new Error(`expected an endpoint "node.port", got ${JSON.stringify(endpoint)}`);
  }
  return { node: endpoint.slice(0, dot), port: endpoint.slice(dot + 1) };
}
