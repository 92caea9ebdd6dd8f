/**
 * Effective permissions in the window: the status bar picker of the context account (whose verdict policy hovers
 * give first; none by default), "Preview Attachment..." for an SCP or RCP document that is not a policy of the
 * organization (hover and CodeLens then evaluate it as if attached where the user picked), and the commands whose
 * answers open in the report view: "Why Is This Denied?" (the action completed from the IAM catalog as it is typed),
 * "Show Effective Permissions", and the verdict on an action in every account (a hover's "and N more").
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  actionAccessRequest, catalogEntriesRequest, CatalogEntry, effectivePermissionsRequest, explainDecisionRequest, PermissionsTarget,
  permissionsTargetsRequest, previewAttachmentCommand, setContextAccountNotification, setPreviewAttachmentNotification, showActionAccessCommand,
} from '../../server/src/protocol';
import { CommandContext, CommandFactory, registerCommands } from './commands/commands';
import { CompletionItem, MultiStepInput } from './commands/multiStepInput';
import { IdItem, idOrPick, inputOf, nodeId } from './commands/prompts';
import { onDidRestart } from './languageClient';
import { log } from './log';
import { ReportView } from './reports/reportView';
import type { ServerEvents } from './serverEvents';

const setContextAccountCommand = 'awsOrganizations.setContextAccount';
/** The workspace memento key of the chosen context account. */
const contextAccountKey = 'awsOrganizations.contextAccount';
/** `service:Action`, with wildcards, as IAM writes actions. */
const actionPattern = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;

const targetIcons: Record<PermissionsTarget['Type'], string> = { ROOT: '$(root-folder)', ORGANIZATIONAL_UNIT: '$(folder)', ACCOUNT: '$(account)' };

/** The root, OUs and accounts of the organization as the evaluator sees them, parents first, for a picker. */
async function targetItems(client: BaseLanguageClient, types: PermissionsTarget['Type'][]): Promise<IdItem[]> {
  const targets = await client.sendRequest(permissionsTargetsRequest);
  return targets.filter((target) => types.includes(target.Type)).map((target) => ({
    id: target.Id,
    label: `${targetIcons[target.Type]} ${target.Name}`,
    description: target.Id,
    detail: target.Type === 'ROOT' ? 'Every account of the organization' : target.Path ? `Root / ${target.Path}` : 'Root',
  }));
}

/** The action under the cursor of the active editor, if it looks like one (to prefill the input). */
function actionAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const range = editor.document.getWordRangeAtPosition(editor.selection.active, /[a-z0-9-]+:[A-Za-z0-9*?]+/);
  const word = range && editor.document.getText(range);
  return word && actionPattern.test(word) ? word : undefined;
}

/**
 * Completion of an action from the IAM catalog as it is typed: the services until a colon is typed (picking one
 * completes `service:`), then that service's actions with their access levels. The catalog answers are kept.
 */
function actionCompletions(client: BaseLanguageClient): (value: string) => Promise<CompletionItem[]> {
  const asked = new Map<string, Promise<CatalogEntry[]>>();
  const entries = (service?: string) => {
    const key = service ?? '';
    let found = asked.get(key);
    if (!found) asked.set(key, (found = client.sendRequest(catalogEntriesRequest, service === undefined ? {} : { service })));
    return found;
  };
  return async (value) => {
    const colon = value.indexOf(':');
    if (colon < 0) return (await entries()).map((service) => ({ label: `${service.name}:`, description: service.detail, completes: true }));
    return (await entries(value.slice(0, colon).trim().toLowerCase())).map((action) => ({ label: action.name, description: action.detail, detail: action.description }));
  };
}

/** Asks for an action (prefilled with the one under the cursor), completed from the IAM catalog as it is typed. */
function askAction(client: BaseLanguageClient, input: MultiStepInput, wildcards: string): Promise<string> {
  return input.showCompletingPick({
    placeholder: `The action, e.g. s3:PutObject; ${wildcards}`,
    value: actionAtCursor(),
    complete: actionCompletions(client),
    validate: (value) => (actionPattern.test(value) ? undefined : 'Write the action as service:Action, e.g. s3:PutObject.'),
  });
}

/** The commands that answer in the report view; each takes a tree node, an input object or nothing (then it asks). */
function reportCommands(events: ServerEvents): Record<string, CommandFactory> {
  return {
    'awsOrganizations.whyDenied': ({ client }) => async (arg?: unknown) => {
      const given = inputOf<{ accountId: string; action: string; resource: string }>(arg);
      const state: { accountId?: string; action?: string } = { accountId: nodeId(arg) ?? given.accountId, action: given.action };
      await MultiStepInput.run('Why Is This Denied?', [
        {
          when: () => !nodeId(arg) && !given.accountId,
          run: async (input) => { state.accountId = (await input.showQuickPick({ placeholder: 'The account whose principal makes the request', items: targetItems(client, ['ACCOUNT']) }))[0].id; },
        },
        {
          when: () => !given.action,
          run: async (input) => {
            state.action = await askAction(client, input, 'a wildcard explains each group of actions that the policies treat alike');
          },
        },
      ], state);
      const accountId = state.accountId!;
      const action = state.action!.trim();
      return ReportView.show({
        title: `Why Is This Denied? ${action}`,
        ask: (assumptions) => client.sendRequest(explainDecisionRequest, { accountId, action, ...(given.resource ? { resource: given.resource } : {}), assumptions: [...assumptions] }),
      }, events);
    },
    'awsOrganizations.showEffectivePermissions': ({ client }) => async (arg?: unknown) => {
      const given = inputOf<{ targetId: string }>(arg);
      const targetId = await idOrPick('Show Effective Permissions', nodeId(arg) ?? given.targetId, { placeholder: 'An account, or an OU (every account under it)', items: targetItems(client, ['ACCOUNT', 'ORGANIZATIONAL_UNIT']) });
      return ReportView.show({
        title: 'Effective Permissions',
        ask: (assumptions) => client.sendRequest(effectivePermissionsRequest, { targetId, assumptions: [...assumptions] }),
      }, events);
    },
    [showActionAccessCommand]: ({ client }) => async (arg?: unknown) => {
      const given = inputOf<{ action: string; uri: string }>(arg);
      const state: { action?: string } = { action: given.action };
      await MultiStepInput.run('Where Is an Action Allowed?', [{
        when: () => !given.action,
        run: async (input) => {
          state.action = await askAction(client, input, 'a wildcard lists each group of actions that the policies treat alike');
        },
      }], state);
      const action = state.action!.trim();
      const params: { action: string; uri?: string } = given.uri ? { action, uri: given.uri } : { action };
      return ReportView.show({ title: `Where Is ${action} Allowed?`, ask: () => client.sendRequest(actionAccessRequest, params) }, events);
    },
  };
}

/** "Preview Attachment...": where each SCP or RCP document that is not a policy of the organization is previewed, told to the server. */
function previewCommands(previews: Map<string, string>): Record<string, CommandFactory> {
  return {
    [previewAttachmentCommand]: ({ client }) => async (arg?: unknown) => {
      const uri = inputOf<{ uri: string }>(arg).uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!uri) throw new Error('Open an SCP or RCP document to preview it as if attached.');
      const stop: IdItem = { id: '', label: '$(circle-slash) Stop previewing', description: 'hovers and CodeLens evaluate the deployed policies only' };
      const previewed = previews.get(uri);
      const targetId = await idOrPick('Preview Attachment', inputOf<{ targetId: string }>(arg).targetId, {
        placeholder: 'The root, OU or account to evaluate this document as if attached to',
        items: targetItems(client, ['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT']).then((items) => [
          ...items.map((item) => (item.id === previewed ? { ...item, description: `${item.description} · previewed now` } : item)),
          ...(previewed ? [stop] : []),
        ]),
      });
      if (targetId) previews.set(uri, targetId);
      else previews.delete(uri);
      await client.sendNotification(setPreviewAttachmentNotification, { uri, targetId: targetId || null });
    },
  };
}

/** The status bar item of the context account and its command, kept for the workspace and told to the server. */
function contextAccountCommands(context: vscode.ExtensionContext, item: vscode.StatusBarItem): Record<string, CommandFactory> {
  return {
    [setContextAccountCommand]: ({ client }: CommandContext) => async (arg?: unknown) => {
      const given = inputOf<{ accountId: string | null }>(arg);
      let accountId = nodeId(arg) ?? given.accountId;
      if (accountId === undefined) {
        const none: IdItem = { id: '', label: '$(circle-slash) None', description: 'hover shows the summary over the organization only' };
        const pick = await vscode.window.showQuickPick([none, ...await targetItems(client, ['ACCOUNT'])], {
          title: 'Context Account for Effective Permissions', placeHolder: 'The account whose verdict policy hovers give first', matchOnDescription: true, matchOnDetail: true,
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
    ? `Policy hovers give the verdict in account ${accountId} first, and explain its chain of SCPs and RCPs. Click to change it.`
    : 'Policy hovers show where the organization allows and denies an action. Click to pick an account whose verdict they give first.';
}

/** Registers the commands and the status bar item (shown with JSON editors, where policies are written). */
export function registerEffectivePermissions(context: vscode.ExtensionContext, commandContext: CommandContext, events: ServerEvents): void {
  const item = vscode.window.createStatusBarItem('awsOrganizations.contextAccount', vscode.StatusBarAlignment.Right, 99);
  item.name = 'AWS Context Account';
  item.command = setContextAccountCommand;
  const remembered = context.workspaceState.get<string>(contextAccountKey);
  showContextAccount(item, remembered);
  const previews = new Map<string, string>();
  // The server starts without them (also when it restarts): tell it the account this workspace chose before, and the previews.
  const announce = () => {
    const accountId = context.workspaceState.get<string>(contextAccountKey);
    const { client } = commandContext;
    if (accountId) client.sendNotification(setContextAccountNotification, { accountId }).catch((error) => log.error('Sending the context account failed', error));
    for (const [uri, targetId] of previews) client.sendNotification(setPreviewAttachmentNotification, { uri, targetId }).catch((error) => log.error('Sending a preview failed', error));
  };
  announce();
  const follow = (editor: vscode.TextEditor | undefined) => (editor && /^jsonc?$/.test(editor.document.languageId) ? item.show() : item.hide());
  follow(vscode.window.activeTextEditor);
  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(follow),
    onDidRestart(commandContext.client, announce),
    ...registerCommands(commandContext, reportCommands(events), previewCommands(previews), contextAccountCommands(context, item)),
  );
}
