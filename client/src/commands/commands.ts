/**
 * The one place commands are registered. Each area exports its commands as factories
 * `(context) => handler`, keyed by command id; `registerCommands` wires them all with the same error
 * handling: a failure is logged with its details and shown once with "Show Log", a rule of AWS checked
 * before the call is shown the same way, and a cancellation by the user stays silent.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { ConnectionInfo, OrganizationsErrorData, connectionRequest, unreadableAnswerErrorName } from '../../../server/src/protocol';
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

/**
 * A rule of AWS that the command checked before calling, worded as AWS words the refusal: the exception
 * name and reason AWS would answer, and why, in words for the user.
 */
export class Refusal extends Error {
  readonly data: OrganizationsErrorData;

  constructor(name: string, message: string, reason?: string) {
    super(`${name}${reason ? ` (${reason})` : ''}: ${message}`);
    this.name = 'Refusal';
    this.data = { name, message, ...(reason ? { reason } : {}) };
  }
}

/** A command that failed or was refused, with the message the user was shown. */
export interface CommandFailure {
  command: string;
  message: string;
}

const failures = new vscode.EventEmitter<CommandFailure>();

/** Fires for each failure shown to the user (for the tests and for other extensions that run the commands). */
export const onDidFailCommand = failures.event;

/**
 * What some of AWS's refusals mean for the user, by reason or exception name; AWS's own message is
 * always shown first.
 */
const explanations: Record<string, string> = {
  OU_DEPTH_LIMIT_EXCEEDED: 'AWS allows five levels of OUs under a root.',
  MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: 'Every root, OU and account must keep at least one SCP: attach another one before detaching this one.',
  MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: 'A root, OU or account can have at most five policies of a type attached directly.',
  OrganizationalUnitNotEmptyException: 'Move or remove its accounts and delete its child OUs first.',
  PolicyInUseException: 'Detach the policy from every root, OU and account first.',
  DuplicateHandshakeException: 'An open invitation for that account already exists: cancel it or wait for the answer.',
  DuplicatePolicyAttachmentException: 'The policy is already attached to that target.',
  ALREADY_IN_AN_ORGANIZATION: 'An account belongs to at most one organization: it must leave its current one first.',
  ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION: 'The account needs a verified phone number and payment method to stand alone.',
  MASTER_ACCOUNT_MISSING_CONTACT_INFO: 'The management account needs contact information first.',
  AccessDeniedException: 'The connected identity lacks the permission, or a service control policy denies it.',
};

/** The one message a failure shows: AWS's exception, reason and message, with what it means when known. */
export function describeFailure(error: unknown): string {
  if (error instanceof Refusal) return error.message;
  const data = (error as { data?: OrganizationsErrorData })?.data;
  if (!data || typeof data !== 'object' || !('name' in data) || data.name === unreadableAnswerErrorName) return errorMessage(error);
  const explanation = (data.reason && explanations[data.reason]) ?? explanations[data.name];
  return `${data.name}${data.reason ? ` (${data.reason})` : ''}: ${data.message}${explanation ? ` ${explanation}` : ''}`;
}

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

export function registerCommands(context: CommandContext, ...groups: Record<string, CommandFactory>[]): vscode.Disposable[] {
  return groups.flatMap((group) => Object.entries(group).map(([id, factory]) => {
    const handler = factory(context);
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof vscode.CancellationError) return undefined;
        reportFailure(id, error);
        return undefined;
      }
    });
  }));
}

/**
 * Why a change may not be made (`disabled` says what is disabled), or undefined when it may: an untrusted
 * workspace changes only the embedded organization, since a remote connection may come from its settings.
 */
export function untrustedRefusal(connectionKind: string | undefined, disabled = 'changes to a remote organization are disabled'): string | undefined {
  if (vscode.workspace.isTrusted || connectionKind === 'embedded') return undefined;
  return `This workspace is not trusted: ${disabled}. Trust the workspace, or connect to the embedded organization.`;
}

/** Mutating commands: refused by `untrustedRefusal`. Wrap a group with it before registering. */
export function mutating(group: Record<string, CommandFactory>): Record<string, CommandFactory> {
  return Object.fromEntries(Object.entries(group).map(([id, factory]) => [id, (context: CommandContext) => {
    const handler = factory(context);
    return (...args: unknown[]) => {
      const refusal = untrustedRefusal(context.explorer.connection?.spec.kind);
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
