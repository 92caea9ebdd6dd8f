/**
 * Starts the language server (dist/server.js) over IPC and connects the language client to it; restarts a
 * server that stopped (a crash, a kill) a limited number of times, says so when it gives up, and tells the
 * extension each time a restarted server is running, so that it can give the new process its state back.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  CloseAction, ErrorAction, LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions, State, TransportKind,
  type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult,
} from 'vscode-languageclient/node';
import { clientId } from '../../server/src/protocol';
import { createLogChannel, log } from './log';

/** At most this many restarts within `restartWindowMs`; one more stop and the server stays stopped. */
export const maxRestarts = 4;
const restartWindowMs = 3 * 60_000;

/** Restarts a stopped server unless it stopped too often lately; then offers to start it again by hand. */
class RestartingErrorHandler implements ErrorHandler {
  private restarts: number[] = [];

  constructor(private readonly client: () => LanguageClient) {}

  error(error: Error): ErrorHandlerResult {
    // A server process that dies while a message is written to it fails the write (EPIPE) before its channel
    // closes. Shutting down there (the library's default) would stop the client for good; the close that follows
    // restarts the server instead, within the limit.
    log.warn(`Writing to the language server failed: ${error.message}`);
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = this.restarts.filter((time) => now - time < restartWindowMs);
    if (this.restarts.length < maxRestarts) {
      this.restarts.push(now);
      log.warn(`The language server stopped; restarting it (restart ${this.restarts.length} of at most ${maxRestarts} within 3 minutes).`);
      return { action: CloseAction.Restart, handled: true };
    }
    const message = `The AWS Organizations language server stopped ${maxRestarts + 1} times within 3 minutes and was not restarted: the tree, validation and hovers are unavailable.`;
    log.error(message);
    void vscode.window.showErrorMessage(message, 'Restart', 'Show Log').then((choice) => {
      if (choice === 'Show Log') log.show();
      if (choice === 'Restart') {
        this.restarts = [];
        this.client().start().catch((error: unknown) => log.error('Starting the language server failed', error));
      }
    });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'untitled', language: 'json' },
      { scheme: 'aws-organizations', language: 'json' },
      { scheme: 'aws-organizations-iam', language: 'json' },
    ],
    outputChannel: log,
    // The verbose trace prints each message in full, the `connect` request's keys included: the channel redacts them.
    traceOutputChannel: createLogChannel('AWS Organizations Language Server Trace'),
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: new RestartingErrorHandler(() => client),
  };
  // The client id equals the settings prefix, so `awsOrganizations.trace.server` works.
  const client = new LanguageClient(clientId, 'AWS Organizations Language Server', serverOptions, clientOptions);
  return client;
}

/**
 * Calls `listener` each time the server is running again after it stopped (restarted after a crash, or
 * started by hand): the new process knows nothing the old one was told.
 */
export function onDidRestart(client: BaseLanguageClient, listener: () => void): vscode.Disposable {
  let wasRunning = client.state === State.Running;
  return client.onDidChangeState(({ newState }) => {
    if (newState !== State.Running) return;
    if (wasRunning) listener();
    wasRunning = true;
  });
}
