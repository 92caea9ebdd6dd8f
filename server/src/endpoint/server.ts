/**
 * The endpoint on a local port: Node's `http` server around the transport-free handler. It binds
 * 127.0.0.1 unless asked otherwise, keeps connections alive, refuses bodies over a size limit and
 * closes cleanly (idle keep-alive connections included).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonContentType, serializationException, type EndpointHandler } from './handler';

export interface EndpointServerOptions {
  /** The address to bind (default 127.0.0.1: only this machine can reach the endpoint). */
  host?: string;
  /** The port (default 0: a free port). */
  port?: number;
  /** The largest request body accepted, in bytes (default 4 MiB, far above any Organizations request). */
  maxBodyBytes?: number;
}

/** A running endpoint. */
export interface EndpointServer {
  /** `http://<host>:<port>`, with the port actually bound. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting connections, ends idle and open ones, and resolves once the server is closed. */
  close(): Promise<void>;
}

const defaultMaxBodyBytes = 4 * 1024 * 1024;

function headersOf(request: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Starts serving `handler`; resolves once the port is bound. */
export async function startEndpointServer(handler: EndpointHandler, options: EndpointServerOptions = {}): Promise<EndpointServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;

  const server = http.createServer({ keepAlive: true }, (request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.byteLength;
      if (size > maxBodyBytes) {
        refused = true;
        const body = JSON.stringify({ __type: serializationException, Message: `The request body exceeds ${maxBodyBytes} bytes.` });
        response.writeHead(413, { 'content-type': jsonContentType, 'content-length': Buffer.byteLength(body), connection: 'close' });
        response.end(body);
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (refused) return;
      handler({ method: request.method ?? 'GET', path: request.url ?? '/', headers: headersOf(request), body: Buffer.concat(chunks) })
        .then((answer) => {
          response.writeHead(answer.statusCode, answer.headers);
          response.end(answer.body);
        })
        // The handler answers every failure itself; this only happens when the response cannot be written.
        .catch(() => response.destroy());
    });
    request.on('error', () => response.destroy());
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
