/**
 * The status bar item that shows the policy kind of the active file (and where the kind came from),
 * and the `awsOrganizations.policies.setKind` command behind it: the user's choice is sent to the
 * server, and remembered for the workspace.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  PolicyKind, PolicyKindInfoForDocument, policyKindChangedNotification, policyKindRequest, policyKinds, setPolicyKindNotification,
} from '../../server/src/protocol';
import { onDidRestart } from './languageClient';
import { log } from './log';

const commandId = 'awsOrganizations.policies.setKind';
/** The workspace memento key under which chosen kinds are kept, by document URI. */
const chosenKindsKey = 'awsOrganizations.policies.chosenKinds';

const sourceWords: Record<NonNullable<PolicyKindInfoForDocument['source']>, string> = {
  organization: 'known from the organization or chosen by you',
  fileName: 'from the file name',
  glob: 'from the awsOrganizations.policies.globs setting',
  content: 'from the content',
};

/** Creates the status bar item and the command; everything is disposed with the extension. */
export function registerPolicyKind(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('awsOrganizations.policyKind', vscode.StatusBarAlignment.Right, 100);
  item.name = 'AWS Policy Kind';
  item.command = commandId;
  const kinds = new Map<string, PolicyKindInfoForDocument>();
  const chosen = () => context.workspaceState.get<Record<string, PolicyKind>>(chosenKindsKey, {});

  const show = (editor: vscode.TextEditor | undefined) => {
    const info = editor && kinds.get(editor.document.uri.toString());
    if (!info?.kind) {
      item.hide();
      return;
    }
    const label = policyKinds.find((candidate) => candidate.kind === info.kind)?.label ?? info.kind;
    item.text = `$(shield) ${label}`;
    item.tooltip = `Policy kind: ${label}, ${info.source ? sourceWords[info.source] : ''}. Click to change it.`;
    item.show();
  };
  const ask = async (document: vscode.TextDocument) => {
    const uri = document.uri.toString();
    const remembered = chosen()[uri];
    if (remembered) client.sendNotification(setPolicyKindNotification, { uri, kind: remembered }).catch((error) => log.error('Sending the policy kind failed', error));
    kinds.set(uri, await client.sendRequest(policyKindRequest, { uri }));
    show(vscode.window.activeTextEditor);
  };

  context.subscriptions.push(
    item,
    client.onNotification(policyKindChangedNotification, (info) => {
      kinds.set(info.uri, info);
      show(vscode.window.activeTextEditor);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => show(editor)),
    vscode.workspace.onDidOpenTextDocument((document) => void ask(document).catch((error) => log.error('Asking the policy kind failed', error))),
    vscode.workspace.onDidCloseTextDocument((document) => kinds.delete(document.uri.toString())),
    // A restarted server knows no chosen kind: tell it again.
    onDidRestart(client, () => {
      for (const document of vscode.workspace.textDocuments) void ask(document).catch((error) => log.error('Asking the policy kind failed', error));
    }),
    vscode.commands.registerCommand(commandId, async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!document) return;
      const uri = document.uri.toString();
      const current = kinds.get(uri)?.kind;
      // `kind` is taken by QuickPickItem (separators), so the choice travels as `policyKind`.
      const picks: (vscode.QuickPickItem & { policyKind: PolicyKind | null })[] = [
        { label: '$(search) Detect automatically', description: 'file name, globs, then content', policyKind: null },
        ...policyKinds.map((info) => ({ label: info.label, description: info.kind, policyKind: info.kind, picked: info.kind === current })),
      ];
      const pick = await vscode.window.showQuickPick(picks, { title: 'Policy kind of this file', placeHolder: 'Which kind of policy is this?' });
      if (!pick) return;
      const remembered = { ...chosen() };
      if (pick.policyKind) remembered[uri] = pick.policyKind;
      else delete remembered[uri];
      await context.workspaceState.update(chosenKindsKey, remembered);
      await client.sendNotification(setPolicyKindNotification, { uri, kind: pick.policyKind });
    }),
  );
  for (const document of vscode.workspace.textDocuments) void ask(document).catch((error) => log.error('Asking the policy kind failed', error));
}
