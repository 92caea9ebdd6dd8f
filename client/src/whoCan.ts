/**
 * "Who Can...?": from the palette, or on the root, an OU or an account of the tree (its scope), it asks for an
 * action with completion from the IAM catalog (a wildcard typed as is is kept), and shows the server's answer
 * as a read-only Markdown document in preview: every principal in scope that may perform it, with why, those
 * that only the organization's policies hold back, and the accounts that could not be read.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { catalogActionsRequest, whoCanRequest } from '../../server/src/protocol';
import { CommandContext, CommandFactory, registerCommands } from './commands/commands';
import { inputOf, nodeId } from './commands/prompts';

/** The scheme of the answers: read-only documents whose text the extension holds. */
const reportScheme = 'aws-organizations-report';
/** How many catalog actions the picker lists for what is typed. */
const pickerLimit = 200;
/** `service:Action`, with wildcards, as IAM writes actions. */
const actionPattern = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;

/** The answers shown so far, by path, and their changes (an answer asked again replaces the one shown). */
const reports = new Map<string, string>();
const changes = new vscode.EventEmitter<vscode.Uri>();

/** Asks for an action: the catalog's actions matching what is typed, and the typed text itself when it is a pattern. */
async function pickAction(client: BaseLanguageClient): Promise<string> {
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem & { action: string }>();
  picker.title = 'Who Can...?';
  picker.placeholder = 'An action (service:Action), wildcards allowed, e.g. s3:DeleteBucket or iam:*User*';
  picker.matchOnDescription = true;
  let asked = 0;
  const update = async (value: string) => {
    const ask = ++asked;
    const typed = value.trim();
    picker.busy = true;
    const found = typed ? await client.sendRequest(catalogActionsRequest, { prefix: typed, limit: pickerLimit }) : [];
    if (ask !== asked) return;
    const own = actionPattern.test(typed) && /[*?]/.test(typed) ? [{ label: typed, description: 'every action this pattern matches', action: typed, alwaysShow: true }] : [];
    picker.items = [...own, ...found.map((item) => ({ label: item.action, description: item.accessLevel, detail: item.description, action: item.action }))];
    picker.busy = false;
  };
  return new Promise<string>((resolve, reject) => {
    picker.onDidChangeValue((value) => void update(value).catch(reject));
    picker.onDidAccept(() => {
      const typed = picker.value.trim();
      // Enter may come while the list is being replaced: take the row shown first, as the user saw it highlighted.
      const chosen = (picker.selectedItems[0] ?? picker.activeItems[0] ?? picker.items[0])?.action ?? (actionPattern.test(typed) ? typed : undefined);
      if (!chosen) return;
      resolve(chosen);
      picker.hide();
    });
    picker.onDidHide(() => {
      reject(new vscode.CancellationError());
      picker.dispose();
    });
    picker.show();
  });
}

/** Shows Markdown as a read-only document in the Markdown preview. */
async function showReport(title: string, markdown: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.from({ scheme: reportScheme, path: `/${title}.md` });
  reports.set(uri.path, markdown);
  changes.fire(uri);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}

export const whoCanCommands: Record<string, CommandFactory> = {
  'awsOrganizations.whoCan': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<{ action: string; targetId: string; resource: string }>(arg);
    const targetId = nodeId(arg) ?? given.targetId;
    const action = given.action ?? await pickAction(client);
    const answer = await client.sendRequest(whoCanRequest, { action, ...(targetId ? { targetId } : {}), ...(given.resource ? { resource: given.resource } : {}) });
    await showReport(`Who Can ${action.replace(/[*?]/g, '_')}${targetId ? ` in ${targetId}` : ''}`, answer.markdown);
    return answer;
  },
};

/** Registers the command and the read-only documents of its answers. */
export function registerWhoCan(context: vscode.ExtensionContext, commandContext: CommandContext): void {
  context.subscriptions.push(
    changes,
    vscode.workspace.registerTextDocumentContentProvider(reportScheme, { onDidChange: changes.event, provideTextDocumentContent: (uri) => reports.get(uri.path) ?? '' }),
    ...registerCommands(commandContext, whoCanCommands),
  );
}
