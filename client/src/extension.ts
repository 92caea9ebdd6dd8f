/** Activation: starts the language server, then registers the views and commands that talk to it. */
import * as vscode from 'vscode';
import { registerBilling } from './billing/billingView';
import { accountCommands } from './commands/accounts';
import { mutating, registerCommands, trackConnectionKind } from './commands/commands';
import { CommandFailure, onDidFailCommand } from './commands/failureReport';
import { embeddedCommands } from './commands/embedded';
import { invitationCommands } from './commands/invitations';
import { organizationCommands } from './commands/organization';
import { organizationalUnitCommands } from './commands/organizationalUnits';
import { policyCommands } from './commands/policies';
import { PolicyDocumentsApi, registerPolicyDocuments } from './commands/policyDocuments';
import { policyTypeCommands } from './commands/policyTypes';
import { tagCommands } from './commands/tags';
import { treeCommands } from './commands/tree';
import { trustedAccessCommands } from './commands/trustedAccess';
import { Connections } from './connection';
import { registerEffectivePermissions } from './effectivePermissions';
import { registerWhoCan } from './whoCan';
import { iamDocumentCommands, registerIamDocuments } from './iamDocuments';
import { createLanguageClient, onDidRestart } from './languageClient';
import { log } from './log';
import { registerPolicyKind } from './policyKind';
import { ServerEvents } from './serverEvents';
import { OrganizationExplorer } from './tree/explorer';
import { registerWalkthrough } from './walkthrough';

/** What `activate` returns: the explorer, for the in-VS Code tests and for other extensions. */
export interface ExtensionApi {
  explorer: OrganizationExplorer;
  /** Fires for each failure or refusal of a command, with the message the user was shown. */
  onDidFailCommand: vscode.Event<CommandFailure>;
  /** The organization's policies as documents (`aws-organizations:` URIs). */
  policyDocuments: PolicyDocumentsApi;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  // The activation time is a budget of the first run (test/bench/firstRun.bench.ts reads this log line).
  const started = performance.now();
  try {
    const client = createLanguageClient(context);
    // Registered before the client starts, so that no notification sent while it starts is lost.
    const events = new ServerEvents(client);
    context.subscriptions.push(client, log, events);
    const connections = await Connections.prepare(context, client, events);
    context.subscriptions.push(connections);
    await client.start();

    registerPolicyKind(context, client);
    const explorer = new OrganizationExplorer(client, events);
    context.subscriptions.push(
      explorer,
      registerIamDocuments(client, events, () => explorer.connection?.spec.kind),
      ...registerCommands({ client, explorer }, treeCommands, connections.commands, embeddedCommands, iamDocumentCommands,
        ...[organizationCommands, accountCommands, invitationCommands, organizationalUnitCommands, policyCommands, policyTypeCommands,
          trustedAccessCommands, tagCommands].map(mutating)),
      trackConnectionKind(client, events.onDidChangeConnection),
      vscode.commands.registerCommand('awsOrganizations.showLog', () => log.show()),
      // A restarted server reopens the connection (the embedded organization from its file): reload the views from it.
      onDidRestart(client, () => explorer.refreshAll()),
    );
    const policyDocuments = registerPolicyDocuments(context, { client, explorer }, events);
    registerEffectivePermissions(context, { client, explorer }, events);
    registerWhoCan(context, { client, explorer });
    context.subscriptions.push(...registerBilling({ client, explorer }, events));
    registerWalkthrough(context, { client, explorer }, events);
    log.info(`Activated in ${Math.round(performance.now() - started)} ms`);
    return { explorer, onDidFailCommand, policyDocuments };
  } catch (error) {
    log.error('Activation failed', error);
    void vscode.window.showErrorMessage(`AWS Organizations failed to start: ${error instanceof Error ? error.message : error}`, 'Show Log')
      .then((choice) => choice && log.show());
    throw error;
  }
}

export function deactivate(): void {}
