/**
 * IAM policy documents of the accounts' roles and users, opened from the Organization view as read-only JSON
 * documents (`aws-organizations-iam:` URIs) whose content the language server reads from the account.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { iamPolicyDocumentRequest, type IamDocumentRef } from '../../server/src/protocol';
import type { CommandFactory } from './commands/commands';

export const iamScheme = 'aws-organizations-iam';

/** What identifies a document: the account, the role or user, and which of its documents. */
export interface IamDocumentTarget {
  accountId: string;
  principal: { kind: 'role' | 'user'; name: string };
  document: IamDocumentRef;
}

/** `aws-organizations-iam:/<account>/<role|user>/<name>/<document>.json`, the target in the query. */
export function iamDocumentUri(target: IamDocumentTarget): vscode.Uri {
  const document = target.document.kind === 'trust' ? 'trust-policy' : target.document.kind === 'inline' ? target.document.name : target.document.arn.slice(target.document.arn.lastIndexOf('/') + 1);
  return vscode.Uri.from({
    scheme: iamScheme,
    path: `/${target.accountId}/${target.principal.kind}/${target.principal.name}/${document}.json`,
    query: JSON.stringify(target),
  });
}

/** Serves the documents' content from the language server. */
class IamDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: BaseLanguageClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = JSON.parse(uri.query) as IamDocumentTarget;
    return (await this.client.sendRequest(iamPolicyDocumentRequest, target)).content;
  }
}

export function registerIamDocuments(client: BaseLanguageClient): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(iamScheme, new IamDocuments(client));
}

export const iamDocumentCommands: Record<string, CommandFactory> = {
  'awsOrganizations.openIamPolicy': () => async (target: IamDocumentTarget) => {
    const document = await vscode.workspace.openTextDocument(iamDocumentUri(target));
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  },
};
