/** Starts the language server (dist/server.js) over IPC and connects the language client to it. */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { clientId } from '../../server/src/protocol';
import { log } from './log';

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
    ],
    outputChannel: log,
    traceOutputChannel: vscode.window.createOutputChannel('AWS Organizations Language Server Trace', { log: true }),
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  // The client id equals the settings prefix, so `awsOrganizations.trace.server` works.
  return new LanguageClient(clientId, 'AWS Organizations Language Server', serverOptions, clientOptions);
}
