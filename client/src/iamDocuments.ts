/**
 * IAM policy documents of the accounts' roles, users and groups, opened from the Organization view as JSON files
 * on the `aws-organizations-iam:` scheme. The language server reads them from the account and validates them as
 * identity policies; saving an inline policy puts it again, saving a customer managed policy makes a new default
 * version (the server says when it deleted the oldest one to make room). AWS managed policies, a service-linked
 * role's documents and trust policies open read-only. A change to the account's IAM made elsewhere (the AWS CLI,
 * another window) reloads an open document that has no unsaved edits.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  iamNodeId, iamPolicyDocumentRequest, iamPolicyDocumentSaveRequest, setPolicyKindNotification, type IamDocumentTarget,
} from '../../server/src/protocol';
import type { CommandFactory } from './commands/commands';
import { describeFailure, untrustedRefusal } from './failures';
import { onDidRestart } from './languageClient';
import { log } from './log';
import { refuseOnErrors } from './policyDocuments';
import type { ServerEvents } from './serverEvents';

export const iamScheme = 'aws-organizations-iam';

/** `aws-organizations-iam:/<account>/<role|user|group>/<name>/<document>.json`, the target in the query. */
export function iamDocumentUri(target: IamDocumentTarget): vscode.Uri {
  const document = target.document.kind === 'trust' ? 'trust-policy' : target.document.kind === 'inline' ? target.document.name : target.document.arn.slice(target.document.arn.lastIndexOf('/') + 1);
  return vscode.Uri.from({
    scheme: iamScheme,
    path: `/${target.accountId}/${target.principal.kind}/${target.principal.name}/${document}.json`,
    query: JSON.stringify(target),
  });
}

function targetOf(uri: vscode.Uri): IamDocumentTarget {
  try {
    return JSON.parse(uri.query) as IamDocumentTarget;
  } catch {
    throw vscode.FileSystemError.FileNotFound(uri);
  }
}

/** A document as last read: its content and when this extension first saw that content. */
interface Read {
  content: string;
  readOnly: boolean;
  mtime: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

class IamPolicyFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  private readonly read = new Map<string, Read>();
  private readonly subscriptions: vscode.Disposable[];
  private lastMtime = 0;
  readonly onDidChangeFile = this.changes.event;

  constructor(private readonly client: BaseLanguageClient, events: ServerEvents, private readonly connectionKind: () => string | undefined) {
    this.subscriptions = [
      this.changes,
      events.onDidChangeOrganization((change) => this.reloadChanged(change.ids)),
      vscode.workspace.onDidOpenTextDocument((document) => this.announceKind(document)),
      onDidRestart(client, () => vscode.workspace.textDocuments.forEach((document) => this.announceKind(document))),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** Reads a document from the account; new content gets a new modification time, so VS Code reloads it. */
  private async load(uri: vscode.Uri): Promise<Read> {
    const { content, readOnly } = await this.client.sendRequest(iamPolicyDocumentRequest, targetOf(uri)).catch((error: unknown) => {
      throw vscode.FileSystemError.FileNotFound(describeFailure(error));
    });
    const known = this.read.get(uri.toString());
    if (known?.content === content) return known;
    this.lastMtime = Math.max(Date.now(), this.lastMtime + 1);
    const entry = { content, readOnly, mtime: this.lastMtime };
    this.read.set(uri.toString(), entry);
    return entry;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { content, readOnly, mtime } = await this.load(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime, size: encoder.encode(content).byteLength, ...(readOnly ? { permissions: vscode.FilePermission.Readonly } : {}) };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return encoder.encode((await this.load(uri)).content);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    try {
      const refusal = untrustedRefusal(vscode.workspace.isTrusted, this.connectionKind(), 'saving to a remote organization is disabled');
      if (refusal) throw vscode.FileSystemError.NoPermissions(refusal);
      refuseOnErrors(uri, 'Not saved');
      const text = decoder.decode(content);
      const { message } = await this.client.sendRequest(iamPolicyDocumentSaveRequest, { ...targetOf(uri), content: text });
      this.lastMtime = Math.max(Date.now(), this.lastMtime + 1);
      this.read.set(uri.toString(), { content: text, readOnly: false, mtime: this.lastMtime });
      void vscode.window.showInformationMessage(message);
    } catch (error) {
      const message = error instanceof vscode.FileSystemError ? error.message : describeFailure(error);
      log.error(`Saving ${uri.toString(true)} failed: ${message}`);
      throw error instanceof vscode.FileSystemError ? error : vscode.FileSystemError.Unavailable(message);
    }
  }

  /** Open documents of the accounts whose IAM a change names: unmodified ones reload when their content changed. */
  private reloadChanged(ids: string[] | undefined): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== iamScheme || document.isDirty) continue;
      if (ids && !ids.includes(iamNodeId(targetOf(document.uri).accountId))) continue;
      const before = this.read.get(document.uri.toString())?.mtime;
      void this.load(document.uri).then((now) => {
        if (now.mtime !== before) this.changes.fire([{ type: vscode.FileChangeType.Changed, uri: document.uri }]);
      }, (error: unknown) => log.warn(`Could not reload ${document.uri.path}: ${describeFailure(error)}`));
    }
  }

  /** Tells the language server that an inline or managed policy is an identity policy, so that it validates it as one. */
  private announceKind(document: vscode.TextDocument): void {
    if (document.uri.scheme !== iamScheme || targetOf(document.uri).document.kind === 'trust') return;
    this.client.sendNotification(setPolicyKindNotification, { uri: document.uri.toString(), kind: 'IDENTITY_POLICY' })
      .catch((error) => log.error('Sending the policy kind failed', error));
  }

  watch(): vscode.Disposable {
    // Changes come from the server's organizationChanged notifications.
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.FileNotADirectory(uri);
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: IAM policies are created in IAM, not as folders.`);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: delete IAM policies in IAM.`);
  }

  rename(oldUri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(`${oldUri.path}: IAM policies cannot be renamed.`);
  }
}

/** Registers the IAM documents' file system. */
export function registerIamDocuments(client: BaseLanguageClient, events: ServerEvents, connectionKind: () => string | undefined): vscode.Disposable {
  const files = new IamPolicyFileSystem(client, events, connectionKind);
  return vscode.Disposable.from(files, vscode.workspace.registerFileSystemProvider(iamScheme, files, { isCaseSensitive: true }));
}

export const iamDocumentCommands: Record<string, CommandFactory> = {
  'awsOrganizations.openIamPolicy': () => async (target: IamDocumentTarget) => {
    const document = await vscode.workspace.openTextDocument(iamDocumentUri(target));
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  },
};
