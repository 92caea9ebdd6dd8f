/**
 * Effective permissions in the window: the status bar picker of the context account (whose full chain
 * policy hovers explain; none by default, hovers then show the organization-wide summary only), and the
 * commands "Why Is This Denied?" and "Show Effective Permissions", which open the server's explanation as
 * a Markdown document.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  effectivePermissionsRequest, explainDecisionRequest, PermissionsTarget, permissionsTargetsRequest, setContextAccountNotification,
} from '../../server/src/protocol';
import { CommandContext, CommandFactory, registerCommands } from './commands/commands';
import { IdItem, idOrPick, inputOf, nodeId } from './commands/prompts';
import { onDidRestart } from './languageClient';
import { log } from './log';

const setContextAccountCommand = 'awsOrganizations.setContextAccount';
/** The workspace memento key of the chosen context account. */
const contextAccountKey = 'awsOrganizations.contextAccount';
/** `service:Action`, with wildcards, as IAM writes actions. */
const actionPattern = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;

/** The accounts (and OUs) of the organization as the evaluator sees them, for a picker. */
async function targetItems(client: BaseLanguageClient, types: PermissionsTarget['Type'][]): Promise<IdItem[]> {
  const targets = await client.sendRequest(permissionsTargetsRequest);
  return targets.filter((target) => types.includes(target.Type)).map((target) => ({
    id: target.Id,
    label: `${target.Type === 'ACCOUNT' ? '$(account)' : '$(folder)'} ${target.Name}`,
    description: target.Id,
    detail: target.Path ? `Root / ${target.Path}` : 'Root',
  }));
}

/** Opens Markdown in a new untitled document beside the editor. */
async function openMarkdown(markdown: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return document;
}

/** The action under the cursor of the active editor, if it looks like one (to prefill the input). */
function actionAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const range = editor.document.getWordRangeAtPosition(editor.selection.active, /[a-z0-9-]+:[A-Za-z0-9*?]+/);
  const word = range && editor.document.getText(range);
  return word && actionPattern.test(word) ? word : undefined;
}

/** The commands; each takes a tree node, an input object (`{ accountId, action }`, `{ targetId }`) or nothing (then it asks). */
export const effectivePermissionsCommands: Record<string, CommandFactory> = {
  'awsOrganizations.whyDenied': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<{ accountId: string; action: string; resource: string }>(arg);
    const accountId = await idOrPick('Why Is This Denied?', nodeId(arg) ?? given.accountId, { placeholder: 'The account whose principal makes the request', items: targetItems(client, ['ACCOUNT']) });
    const action = given.action ?? await vscode.window.showInputBox({
      title: 'Why Is This Denied?',
      prompt: 'The action (service:Action; a wildcard explains each group of actions that the policies treat alike)',
      value: actionAtCursor(),
      validateInput: (value) => (actionPattern.test(value.trim()) ? undefined : 'Write the action as service:Action, e.g. s3:PutObject.'),
    });
    if (!action) throw new vscode.CancellationError();
    const { markdown } = await client.sendRequest(explainDecisionRequest, { accountId, action: action.trim(), ...(given.resource ? { resource: given.resource } : {}) });
    return openMarkdown(markdown);
  },
  'awsOrganizations.showEffectivePermissions': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<{ targetId: string }>(arg);
    const targetId = await idOrPick('Show Effective Permissions', nodeId(arg) ?? given.targetId, { placeholder: 'An account, or an OU (every account under it)', items: targetItems(client, ['ACCOUNT', 'ORGANIZATIONAL_UNIT']) });
    const { markdown } = await client.sendRequest(effectivePermissionsRequest, { targetId });
    return openMarkdown(markdown);
  },
};

/** The status bar item of the context account and its command, kept for the workspace and told to the server. */
function contextAccountCommands(context: vscode.ExtensionContext, item: vscode.StatusBarItem): Record<string, CommandFactory> {
  return {
    [setContextAccountCommand]: ({ client }: CommandContext) => async (arg?: unknown) => {
      const given = inputOf<{ accountId: string | null }>(arg);
      let accountId = nodeId(arg) ?? given.accountId;
      if (accountId === undefined) {
        const none: IdItem = { id: '', label: '$(circle-slash) None', description: 'hover shows the summary over the organization only' };
        const pick = await vscode.window.showQuickPick([none, ...await targetItems(client, ['ACCOUNT'])], {
          title: 'Context Account for Effective Permissions', placeHolder: 'The account whose chain of SCPs and RCPs hovers explain', matchOnDescription: true, matchOnDetail: true,
        });
        if (!pick) throw new vscode.CancellationError();
        accountId = pick.id || null;
      }
      await context.workspaceState.update(contextAccountKey, accountId ?? undefined);
      await client.sendNotification(setContextAccountNotification, { accountId: accountId ?? null });
      showContextAccount(item, accountId ?? undefined);
    },
  };
}

function showContextAccount(item: vscode.StatusBarItem, accountId: string | undefined): void {
  item.text = `$(key) ${accountId ?? 'No context account'}`;
  item.tooltip = accountId
    ? `Policy hovers explain the chain of SCPs and RCPs of account ${accountId}. Click to change it.`
    : 'Policy hovers show where the organization allows and denies an action. Click to pick an account whose full chain they explain.';
}

/** Registers the commands and the status bar item (shown with JSON editors, where policies are written). */
export function registerEffectivePermissions(context: vscode.ExtensionContext, commandContext: CommandContext): void {
  const item = vscode.window.createStatusBarItem('awsOrganizations.contextAccount', vscode.StatusBarAlignment.Right, 99);
  item.name = 'AWS Context Account';
  item.command = setContextAccountCommand;
  const remembered = context.workspaceState.get<string>(contextAccountKey);
  showContextAccount(item, remembered);
  // The server starts without one (also when it restarts): tell it the account this workspace chose before.
  const announce = () => {
    const accountId = context.workspaceState.get<string>(contextAccountKey);
    if (accountId) commandContext.client.sendNotification(setContextAccountNotification, { accountId }).catch((error) => log.error('Sending the context account failed', error));
  };
  announce();
  const follow = (editor: vscode.TextEditor | undefined) => (editor && /^jsonc?$/.test(editor.document.languageId) ? item.show() : item.hide());
  follow(vscode.window.activeTextEditor);
  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(follow),
    onDidRestart(commandContext.client, announce),
    ...registerCommands(commandContext, effectivePermissionsCommands, contextAccountCommands(context, item)),
  );
}
