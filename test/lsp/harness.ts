/**
 * Drives the real language server in-process over a pair of connected streams, as an editor would:
 * initialize, open documents, send requests. No editor, no child process.
 */
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, ProtocolConnection,
  DidOpenTextDocumentNotification, ShutdownRequest,
  StreamMessageReader, StreamMessageWriter, PublishDiagnosticsNotification, PublishDiagnosticsParams,
  DidChangeTextDocumentNotification, ClientCapabilities,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/lsp/server';

export interface LspSession {
  client: ProtocolConnection;
  open(uri: string, text: string, languageId?: string): Promise<void>;
  /** Replaces the whole text of an open document with a new version. */
  change(uri: string, version: number, text: string): Promise<void>;
  /** The first diagnostics published for the uri (from now on or already received) that satisfy the test, within a deadline. */
  diagnostics(uri: string, test?: (params: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams>;
  close(): Promise<void>;
}

/** How long a test waits for the server to publish before failing. */
const deadlineMs = 10_000;

/** Starts a server on a fresh stream pair and initializes it with the given options. */
export async function startSession(initializationOptions: unknown = {}, capabilities: ClientCapabilities = {}): Promise<LspSession> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
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
    diagnostics(uri, test = () => true) {
      const find = () => published.find((params) => params.uri === uri && test(params));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`no matching diagnostics for ${uri} within ${deadlineMs} ms (got ${JSON.stringify(published.filter((params) => params.uri === uri))})`));
        }, deadlineMs);
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
    async close() {
      // No `exit` notification: the server would end this very process, which runs the tests.
      await client.sendRequest(ShutdownRequest.type);
      client.dispose();
      toServer.end();
      toClient.end();
    },
  };
}

/** Splits an inline fixture at its caret marker `|`: the text without it and the caret's offset. */
export function caret(textWithCaret: string): { text: string; offset: number } {
  const offset = textWithCaret.indexOf('|');
  if (offset < 0) throw new Error('fixture has no caret marker |');
  return { text: textWithCaret.slice(0, offset) + textWithCaret.slice(offset + 1), offset };
}
