/**
 * Confirmations for actions with a large blast radius: a modal warning whose only buttons are the action
 * and Cancel, and for irreversible actions an input where the user types the ID. Declining is a
 * cancellation (silent); a command given `{ confirmed: true }` among its arguments skips the question,
 * so that tests, tasks and other extensions can run it without prompts.
 */
import * as vscode from 'vscode';

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
