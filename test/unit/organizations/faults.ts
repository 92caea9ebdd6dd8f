/**
 * Faults of a real service, injected around the endpoint for the contract tests: throttling
 * (`TooManyRequestsException`), 5xx (`ServiceException`), latency (around the endpoint's handler), and
 * dropped connections (a TCP proxy in front of the HTTP server that cuts connections mid-request).
 * Faults come from a seeded generator, so a failing run can be replayed.
 */
import * as net from 'node:net';
import type { EndpointHandler, EndpointResponse } from '../../../server/src/endpoint/handler';


export interface FaultPlan {
  /** Share of requests answered `TooManyRequestsException` without reaching the engine. */
  throttle: number;
  /** Share of requests answered HTTP 500 `ServiceException` without reaching the engine. */
  serverError: number;
  /** Each request waits a random time up to this many milliseconds before the engine sees it. */
  maxLatencyMs: number;
}

/** What was injected, so that tests can check the faults really happened. */
export interface FaultCounts {
  requests: number;
  throttled: number;
  serverErrors: number;
  dropped: number;
}

const encoder = new TextEncoder();

function awsError(statusCode: number, type: string, message: string): EndpointResponse {
  const body = encoder.encode(JSON.stringify({ __type: type, Message: message }));
  return { statusCode, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'injected-fault' }, body };
}

/** The handler with injected throttling, 5xx and latency. Only Organizations requests are disturbed. */
export function faultyHandler(handler: EndpointHandler, plan: FaultPlan, random: () => number, counts: FaultCounts): EndpointHandler {
  return async (request) => {
    const isOrganizations = Object.keys(request.headers).some((name) => name.toLowerCase() === 'x-amz-target');
    if (!isOrganizations) return handler(request);
    counts.requests++;
    const draw = random();
    if (draw < plan.throttle) {
      counts.throttled++;
      return awsError(400, 'TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress. Try again later.');
    }
    if (draw < plan.throttle + plan.serverError) {
      counts.serverErrors++;
      return awsError(500, 'ServiceException', 'AWS Organizations can\'t complete your request because of an internal service error. Try again later.');
    }
    if (plan.maxLatencyMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * plan.maxLatencyMs)));
    return handler(request);
  };
}

/** A proxy in front of an endpoint; `connections` counts the callers' connections open now. */
export interface FaultyProxy {
  url: string;
  readonly connections: number;
  close(): Promise<void>;
}

/** A TCP proxy to `target` (host:port) that cuts a share of requests: the request never reaches the endpoint. */
export async function droppingProxy(targetPort: number, dropShare: number, random: () => number, counts: FaultCounts): Promise<FaultyProxy> {
  const sockets = new Set<net.Socket>();
  const callers = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    callers.add(client);
    client.on('close', () => callers.delete(client));
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    client.on('data', (chunk) => {
      // A request starts with its request line; cut the connection there, before the endpoint sees it.
      if (chunk.subarray(0, 5).toString() === 'POST ' && random() < dropShare) {
        counts.dropped++;
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
      from.on('error', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return callers.size;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
