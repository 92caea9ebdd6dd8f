/**
 * An AWS SDK v3 request handler that hands each serialized, signed request to the endpoint's handler
 * without a socket. The language server gives it to its `OrganizationsClient` for the embedded
 * organization, so the embedded default runs exactly the code that runs against AWS:
 * `new OrganizationsClient({ requestHandler: createInMemoryRequestHandler(handler), ... })`.
 */
import type { HttpHandlerOptions, HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';
import type { EndpointHandler } from './handler';

/** The `HttpHandler` shape `requestHandler` accepts: a request handler with (empty) client configuration. */
export interface InMemoryRequestHandler extends RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, never>;
}

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
    }
    return Buffer.concat(chunks);
  }
  throw new TypeError('The request body is neither a string, bytes nor a stream.');
}

function pathWithQuery(request: HttpRequest): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === null) parameters.append(key, '');
    else for (const item of Array.isArray(value) ? value : [value]) parameters.append(key, item);
  }
  const query = parameters.toString();
  return query ? `${request.path}?${query}` : request.path;
}

/** Wraps the endpoint's handler as the SDK's request handler. */
export function createInMemoryRequestHandler(handler: EndpointHandler): InMemoryRequestHandler {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request, options) {
      const signal = options?.abortSignal;
      if (signal?.aborted) {
        const abort = new Error('Request aborted');
        abort.name = 'AbortError';
        throw abort;
      }
      const headers: Record<string, string> = { ...request.headers };
      // Over a socket, the HTTP client sends the Host header the request was signed with.
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'host')) {
        headers.host = request.port ? `${request.hostname}:${request.port}` : request.hostname;
      }
      const answer = await handler({
        method: request.method,
        path: pathWithQuery(request),
        headers,
        body: await bodyBytes(request.body),
      });
      return { response: { statusCode: answer.statusCode, headers: answer.headers, body: answer.body } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
  };
}
