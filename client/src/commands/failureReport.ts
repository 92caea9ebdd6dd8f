/**
 * How a failed or refused command is shown: once, with "Show Log", the details in the log; and an event for each,
 * for the tests and for other extensions that run the commands. Shared by every command and by drag and drop.
 */
import * as vscode from 'vscode';
import { describeFailure, Refusal } from '../failures';
import { log } from '../log';

/** A command that failed or was refused, with the message the user was shown. */
export interface CommandFailure {
  command: string;
  message: string;
}

const failures = new vscode.EventEmitter<CommandFailure>();

/** Fires for each failure shown to the user (for the tests and for other extensions that run the commands). */
export const onDidFailCommand = failures.event;

/** Shows a failure once, with "Show Log"; the log keeps the details. */
export function reportFailure(command: string, error: unknown): void {
  const message = describeFailure(error);
  log.error(`${command} failed: ${message}`);
  const data = (error as { data?: unknown })?.data;
  if (data) log.error(`${command}: ${JSON.stringify(data)}`);
  else if (error instanceof Error && error.stack && !(error instanceof Refusal)) log.error(error.stack);
  failures.fire({ command, message });
  void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => choice && log.show());
}
