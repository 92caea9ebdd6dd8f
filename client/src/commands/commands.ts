/**
 * The one place commands are registered. Each area exports its commands as factories
 * `(context) => handler`, keyed by command id; `registerCommands` wires them all with the same error
 * handling: a failure is logged with its details and shown once with "Show Log", a rule of AWS checked
 * before the call is shown the same way, and a cancellation by the user stays silent. A command that ran to its
 * end is announced by `onDidSucceedCommand`.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { ConnectionInfo, connectionRequest } from '../../../server/src/protocol';
import { errorMessage, untrustedRefusal } from '../failures';
import { log } from '../log';
import type { OrganizationExplorer } from '../tree/explorer';
import { reportFailure } from './failureReport';

/** What every command can use. */
export interface CommandContext {
  readonly client: BaseLanguageClient;
  readonly explorer: OrganizationExplorer;
}

// Command arguments come from menus, views and the palette untyped, as VS Code passes them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandFactory = (context: CommandContext) => (...args: any[]) => unknown;

const succeeded = new vscode.EventEmitter<{ id: string; result: unknown }>();
/** A command ran to its end (neither cancelled nor failed), with what it returned. */
export const onDidSucceedCommand = succeeded.event;

export function registerCommands(context: CommandContext, ...groups: Record<string, CommandFactory>[]): vscode.Disposable[] {
  return groups.flatMap((group) => Object.entries(group).map(([id, factory]) => {
    const handler = factory(context);
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        const result = await handler(...args);
        succeeded.fire({ id, result });
        return result;
      } catch (error) {
        if (error instanceof vscode.CancellationError) return undefined;
        reportFailure(id, error);
        return undefined;
      }
    });
  }));
}

/** Mutating commands: refused by `untrustedRefusal`. Wrap a group with it before registering. */
export function mutating(group: Record<string, CommandFactory>): Record<string, CommandFactory> {
  return Object.fromEntries(Object.entries(group).map(([id, factory]) => [id, (context: CommandContext) => {
    const handler = factory(context);
    return (...args: unknown[]) => {
      const refusal = untrustedRefusal(vscode.workspace.isTrusted, context.explorer.connection?.spec.kind);
      if (refusal) throw new Error(refusal);
      return handler(...args);
    };
  }]));
}

/**
 * Keeps the `awsOrganizations.connectionKind` context key (embedded, profile, endpoint) in step with the
 * connection, for the `enablement` of mutating commands in untrusted workspaces.
 */
export function trackConnectionKind(client: BaseLanguageClient, onDidChangeConnection: vscode.Event<ConnectionInfo>): vscode.Disposable {
  const set = (info: ConnectionInfo) => void vscode.commands.executeCommand('setContext', 'awsOrganizations.connectionKind', info.spec.kind);
  client.sendRequest(connectionRequest).then(set, (error) => log.warn(`Could not get the connection: ${errorMessage(error)}`));
  return onDidChangeConnection(set);
}
