/**
 * Confirmations for actions with a large blast radius: a modal warning whose only buttons are the action
 * and Cancel, and for irreversible actions an input where the user types the ID. Declining is a
 * cancellation (silent); a command given `{ confirmed: true }` among its arguments skips the question,
 * so that tests, tasks and other extensions can run it without prompts. Changes to where accounts sit or which
 * policies apply say what the accounts gain and lose.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { PlannedChange, plannedChangeImpactRequest } from '../../../server/src/protocol';
import { errorMessage } from '../failures';
import { log } from '../log';

/** Asks with a modal warning; throws a cancellation unless the user chose `action`. */
export async function confirm(message: string, detail: string, action: string, confirmed = false): Promise<void> {
  if (confirmed) return;
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  if (choice !== action) throw new vscode.CancellationError();
}

/** Asks the user to type `expected` (an account ID) to confirm; throws a cancellation otherwise. */
export async function confirmByTyping(title: string, prompt: string, expected: string, confirmed = false): Promise<void> {
  if (confirmed) return;
  const typed = await vscode.window.showInputBox({
    title,
    prompt,
    placeHolder: expected,
    ignoreFocusOut: true,
    validateInput: (value) => (value === expected || !value ? undefined : `Type ${expected} to confirm.`),
  });
  if (typed !== expected) throw new vscode.CancellationError();
}

/**
 * Asks before a move, an attachment or a detachment, saying what it does to the affected accounts' permissions
 * (the language server's evaluator compares the organization before and after). A change that would lock an
 * account out says so first and asks for "<action> Anyway". With `onlyIfLockout`, the question is asked only for a
 * lockout (the user turned confirmations off, but not this one).
 */
export async function confirmChange(
  client: BaseLanguageClient, change: PlannedChange, message: string, detail: string, action: string, options: { confirmed?: boolean; onlyIfLockout?: boolean } = {},
): Promise<void> {
  if (options.confirmed) return;
  const impact = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Weighing the change against the SCPs and RCPs' },
    () => client.sendRequest(plannedChangeImpactRequest, change)).then((answer) => answer, (error: unknown) => {
    log.warn(`Could not compute the impact of ${change.kind}: ${errorMessage(error)}`);
    return { evaluated: true, lockout: false, sentences: [`What this does to permissions could not be computed: ${errorMessage(error)}`] };
  });
  if (options.onlyIfLockout && !impact.lockout) return;
  const permissions = !impact.evaluated ? [] : impact.sentences.length ? impact.sentences : ['No account gains or loses any action.'];
  const text = [detail, ...permissions].filter(Boolean).join('\n\n');
  await confirm(impact.lockout ? `${message} It would lock accounts out.` : message, text, impact.lockout ? `${action} Anyway` : action);
}
