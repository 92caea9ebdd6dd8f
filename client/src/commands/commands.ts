/**
 * The one place commands are registered. Each area exports its commands as factories
 * `(context) => handler`, keyed by command id; `registerCommands` wires them all with the same error
 * handling: a failure is logged and shown once with "Show Log", a cancellation by the user stays silent.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { log } from '../log';
import type { OrganizationExplorer } from '../tree/explorer';
import { errorMessage } from '../tree/format';

/** What every command can use. */
export interface CommandContext {
  readonly client: BaseLanguageClient;
  readonly explorer: OrganizationExplorer;
}

// Command arguments come from menus, views and the palette untyped, as VS Code passes them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandFactory = (context: CommandContext) => (...args: any[]) => unknown;

export function registerCommands(context: CommandContext, ...groups: Record<string, CommandFactory>[]): vscode.Disposable[] {
  return groups.flatMap((group) => Object.entries(group).map(([id, factory]) => {
    const handler = factory(context);
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof vscode.CancellationError) return undefined;
        log.error(`${id} failed: ${errorMessage(error)}`);
        void vscode.window.showErrorMessage(errorMessage(error), 'Show Log').then((choice) => choice && log.show());
        return undefined;
      }
    });
  }));
}
