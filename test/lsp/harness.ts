/**
 * Drives the real language server in-process over a pair of connected streams, as an editor would:
 * initialize, open documents, send requests. No editor, no child process.
 */
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, ProtocolConnection,
  DidOpenTextDocumentNotification, ShutdownRequest, ExitNotification,
  StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/lsp/server';

export interface LspSession {
  client: ProtocolConnection;
  open(uri: string, text: string, languageId?: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server on a fresh stream pair and initializes it with the given options. */
export async function startSession(initializationOptions: unknown = {}): Promise<LspSession> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.listen();
  await client.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions,
  });
  await client.sendNotification(InitializedNotification.type, {});
  return {
    client,
    async open(uri, text, languageId = 'json') {
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    },
    async close() {
      await client.sendRequest(ShutdownRequest.type);
      await client.sendNotification(ExitNotification.type);
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
