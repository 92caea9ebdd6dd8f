/**
 * Moving accounts, from the Move Account command and from a drag in the Organization view alike: one
 * confirmation for all of them that says where each comes from and what the move does to their permissions,
 * then one `MoveAccount` per account, in the view's progress; the server's change notification redraws the tree.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { mutationRequest } from '../../../server/src/protocol';
import { errorMessage, Refusal } from '../failures';
import { log } from '../log';
import { nameAndId } from '../tree/format';
import { confirmChange } from './confirm';
import { andList } from './hierarchy';
import { nameOf } from './prompts';

/** An account to move and where it is now. */
export interface MovedAccount {
  id: string;
  name?: string;
  parentId: string;
}

/** How a move asks first: not at all (`confirmed`), or only to warn of a lockout (`onlyIfLockout`). */
export interface MoveOptions {
  confirmed?: boolean;
  onlyIfLockout?: boolean;
  /** The view that shows the progress; the window's status bar otherwise. */
  viewId?: string;
}

/** Moves the accounts to the destination after one confirmation; throws a refusal naming those that could not move. */
export async function moveAccounts(client: BaseLanguageClient, accounts: readonly MovedAccount[], destinationId: string, options: MoveOptions = {}): Promise<void> {
  const destination = await nameOf(client, destinationId);
  const moving = accounts.filter((account) => account.parentId !== destinationId);
  const label = (account: MovedAccount) => nameAndId(account.name, account.id);
  if (!moving.length) {
    throw new Refusal('DuplicateAccountException', `${andList(accounts.map(label))} ${accounts.length === 1 ? 'is' : 'are'} already in ${destination}.`);
  }
  const sources = new Map<string, string>();
  for (const parentId of new Set(moving.map((account) => account.parentId))) sources.set(parentId, await nameOf(client, parentId));
  const what = moving.length === 1 ? label(moving[0]) : `${moving.length} accounts`;
  const from = moving.map((account) => `${label(account)}, from ${sources.get(account.parentId)}`).join('\n');
  await confirmChange(client, { kind: 'move', accountIds: moving.map((account) => account.id), destinationId },
    `Move ${what} to ${destination}?`, moving.length === 1 ? `From ${sources.get(moving[0].parentId)}.` : from, 'Move', options);

  const failures: string[] = [];
  const location = options.viewId ? { viewId: options.viewId } : vscode.ProgressLocation.Window;
  await vscode.window.withProgress({ location, title: `Moving ${what}` }, async () => {
    for (const account of moving) {
      try {
        await client.sendRequest(mutationRequest('MoveAccount'), { AccountId: account.id, SourceParentId: account.parentId, DestinationParentId: destinationId });
        log.info(`Moved ${account.id} from ${account.parentId} to ${destinationId}`);
      } catch (error) {
        log.error(`Could not move ${account.id} to ${destinationId}: ${errorMessage(error)}`);
        failures.push(`${label(account)}: ${errorMessage(error)}`);
      }
    }
  });
  if (failures.length) throw new Error(`Could not move ${failures.join('; ')}`);
  void vscode.window.showInformationMessage(`Moved ${what} to ${destination}.`);
}
