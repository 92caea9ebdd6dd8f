/**
 * Drives the real language server as an editor would: initialize, open documents, send requests.
 * `startSession` runs it in-process over a pair of connected streams; `startServerProcess` runs the
 * bundled `dist/server.js` as a child process over stdio, so that a test can watch it from outside
 * (its memory, whether it is still alive).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, ProtocolConnection,
  DidOpenTextDocumentNotification, ShutdownRequest, ExitNotification,
  StreamMessageReader, StreamMessageWriter, PublishDiagnosticsNotification, PublishDiagnosticsParams,
  DidChangeTextDocumentNotification, ClientCapabilities, MessageReader, MessageWriter,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/lsp/server';
import { repoRoot } from './paths';

export interface LspSession {
  client: ProtocolConnection;
  open(uri: string, text: string, languageId?: string): Promise<void>;
  /** Replaces the whole text of an open document with a new version. */
  change(uri: string, version: number, text: string): Promise<void>;
  /** The first diagnostics published for the uri (from now on or already received) that satisfy the test, within a deadline (10 s unless given). */
  diagnostics(uri: string, test?: (params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Every publication for the uri so far, in the order received. */
  published(uri: string): PublishDiagnosticsParams[];
  close(): Promise<void>;
}

/** Starts a server whose embedded organization keeps its state in a new temporary folder, removed when the session closes. */
export async function startSessionWithOwnState(prefix: string): Promise<LspSession> {
  const directory = mkdtempSync(path.join(os.tmpdir(), prefix));
  const session = await startSession({ embeddedStatePath: path.join(directory, 'state') });
  return {
    ...session,
    close: async () => {
      await session.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** How long a test waits for the server to publish before failing. */
const deadlineMs = 10_000;

/** Starts a server on a fresh stream pair and initializes it with the given options. */
export async function startSession(initializationOptions: unknown = {}, capabilities: ClientCapabilities = {}): Promise<LspSession> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
  return connectClient(new StreamMessageReader(toClient), new StreamMessageWriter(toServer), initializationOptions, capabilities, async (client) => {
    // No `exit` notification: the server would end this very process, which runs the tests.
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
    toServer.end();
    toClient.end();
  });
}

/** A language server running as its own process. */
export interface LspProcess extends LspSession {
  pid: number;
  /** Whether the process has not exited. */
  alive(): boolean;
  /** Settles when the process has exited. */
  exited: Promise<void>;
  /** Its resident memory, read from /proc as an outside observer would. */
  rssBytes(): number;
  /** What it wrote to stderr (it never writes anything but the protocol to stdout). */
  stderr(): string;
}

/**
 * Starts the bundled server (`dist/server.js --stdio`, built by `node esbuild.mjs`) in its own process group
 * and initializes it. `close` shuts it down and exits it, and kills the group if it has not exited by then.
 */
export async function startServerProcess(initializationOptions: unknown = {}, capabilities: ClientCapabilities = {}): Promise<LspProcess> {
  const child = spawn(process.execPath, [`${repoRoot}/dist/server.js`, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    // Keep the tail only: a misbehaving server must not grow the test's memory.
    stderr = (stderr + chunk).slice(-64 * 1024);
  });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The group has already gone.
    }
  };
  try {
    const session = await connectClient(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin), initializationOptions, capabilities, async (client) => {
      try {
        if (!exited) {
          await Promise.race([client.sendRequest(ShutdownRequest.type), exit]);
          if (!exited) await client.sendNotification(ExitNotification.type);
          await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, deadlineMs).unref())]);
        }
      } finally {
        client.dispose();
        killGroup();
      }
    });
    return {
      ...session,
      pid: child.pid!,
      alive: () => !exited,
      exited: exit,
      rssBytes: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) * 1024,
      stderr: () => stderr,
    };
  } catch (error) {
    killGroup();
    throw error;
  }
}

/** Connects a client to a server's streams, initializes it and records what it publishes. */
async function connectClient(
  reader: MessageReader, writer: MessageWriter, initializationOptions: unknown, capabilities: ClientCapabilities, close: (client: ProtocolConnection) => Promise<void>,
): Promise<LspSession> {
  const client = createProtocolConnection(reader, writer);
  const published: PublishDiagnosticsParams[] = [];
  const waiting = new Set<() => void>();
  client.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const wake of waiting) wake();
  });
  client.listen();
  await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri: null,
    capabilities,
    initializationOptions,
  });
  await client.sendNotification(InitializedNotification.type, {});
  return {
    client,
    async open(uri, text, languageId = 'json') {
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    },
    async change(uri, version, text) {
      await client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    diagnostics(uri, test = () => true, timeoutMs = deadlineMs) {
      const find = () => published.find((params) => params.uri === uri && test(params));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms (got ${JSON.stringify(published.filter((params) => params.uri === uri)).slice(0, 2000)})`));
        }, timeoutMs);
        const check = () => {
          const found = find();
          if (!found) return;
          clearTimeout(timer);
          waiting.delete(check);
          resolve(found);
        };
        waiting.add(check);
        check();
      });
    },
    published: (uri) => published.filter((params) => params.uri === uri),
    close: () => close(client),
  };
}
