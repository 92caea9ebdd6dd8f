/**
 * The organization's policies as documents: a file system provider on the `aws-organizations` scheme that
 * presents each policy as `aws-organizations:/<POLICY_TYPE>/<name>.json`. Reading runs DescribePolicy, saving
 * runs UpdatePolicy (AWS-managed policies are read-only); a save that the document's ERROR diagnostics or AWS
 * refuse fails with the reason, so VS Code keeps the user's text. Changes made elsewhere reach open documents:
 * an unmodified one reloads, a modified one is warned about (and VS Code's save conflict check follows the
 * policy's new modification time).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { Policy, PolicySummary, PolicyType } from '@aws-sdk/client-organizations';
import {
  PolicyKind, isOrganizationPolicyType, mutationRequest, parsePolicyDocumentPath, policiesRequest, policyDocumentScheme, policyKinds,
  policyTypesRequest, setPolicyKindNotification,
} from '../../server/src/protocol';
import { describeFailure, untrustedRefusal } from './failures';
import { onDidRestart } from './languageClient';
import { log } from './log';
import { deployedScheme, deployedUri, policyUri } from './policyUris';
import type { OrganizationChange, ServerEvents } from './serverEvents';

/** A policy as last read from, or written to, the organization. */
interface Deployed {
  policy: Policy;
  /** When this extension first saw this content: VS Code compares it to detect saves over newer content. */
  mtime: number;
}

/** A save that was refused, with the reason the user was shown. */
export interface SaveRejection {
  uri: vscode.Uri;
  message: string;
}

/** An open document that the user modified while its policy changed in the organization. */
export interface PolicyConflict {
  uri: vscode.Uri;
  /** The content now deployed. */
  deployed: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class PolicyFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  private readonly rejections = new vscode.EventEmitter<SaveRejection>();
  private readonly conflicts = new vscode.EventEmitter<PolicyConflict>();
  private readonly deployed = new Map<string, Deployed>();
  /** Documents being saved: the change notification of their own UpdatePolicy is no conflict. */
  private readonly saving = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];
  private lastMtime = 0;

  readonly onDidChangeFile = this.changes.event;
  /** Fires when a save is refused (ERROR diagnostics, AWS's answer, or the user declined the diff). */
  readonly onDidRejectSave = this.rejections.event;
  /** Fires when a policy changed elsewhere while its open document has unsaved changes. */
  readonly onDidDetectConflict = this.conflicts.event;

  /** `connectionKind` says which connection is in use: an untrusted workspace saves only to the embedded organization. */
  constructor(readonly client: BaseLanguageClient, events: ServerEvents, private readonly connectionKind: () => string | undefined) {
    this.subscriptions = [
      this.changes, this.rejections, this.conflicts,
      events.onDidChangeOrganization((change) => void this.applyChange(change).catch((error) => log.error('Updating policy documents failed', error))),
      vscode.workspace.onDidOpenTextDocument((document) => this.announceKind(document)),
      // A restarted server is given the open documents again, but not their kinds.
      onDidRestart(client, () => vscode.workspace.textDocuments.forEach((document) => this.announceKind(document))),
    ];
    for (const document of vscode.workspace.textDocuments) this.announceKind(document);
  }

  dispose(): void {
    for (const disposable of this.subscriptions) disposable.dispose();
  }

  /** The policy of a given type and name, from the organization's list of that type. */
  async find(type: PolicyType, name: string): Promise<PolicySummary | undefined> {
    const policies = await this.client.sendRequest(policiesRequest, { type });
    return policies.find((policy) => policy.Name === name);
  }

  /** The policy's content and summary as deployed now (DescribePolicy). */
  async describe(policyId: string): Promise<Policy> {
    const output = await this.client.sendRequest(mutationRequest('DescribePolicy'), { PolicyId: policyId }).catch((error) => {
      // A policy deleted since the list was read is a file that is not there, which VS Code handles as such.
      if ((error as { data?: { name?: string } })?.data?.name === 'PolicyNotFoundException') throw vscode.FileSystemError.FileNotFound(describeFailure(error));
      throw error;
    });
    if (!output.Policy) throw vscode.FileSystemError.FileNotFound(policyId);
    return output.Policy;
  }

  /** A time later than every one handed out before, so that each new content reads as newer. */
  private tick(): number {
    this.lastMtime = Math.max(Date.now(), this.lastMtime + 1);
    return this.lastMtime;
  }

  private remember(uri: vscode.Uri, policy: Policy): Deployed {
    const known = this.deployed.get(uri.toString());
    if (known && known.policy.Content === policy.Content && known.policy.PolicySummary?.Id === policy.PolicySummary?.Id) {
      known.policy = policy;
      return known;
    }
    const entry = { policy, mtime: this.tick() };
    this.deployed.set(uri.toString(), entry);
    return entry;
  }

  /** Reads the policy a URI names from the organization. */
  private async load(uri: vscode.Uri): Promise<Deployed> {
    const parsed = parsePolicyDocumentPath(uri.path);
    const summary = parsed && (await this.find(parsed.type, parsed.name));
    if (!summary?.Id) throw vscode.FileSystemError.FileNotFound(uri);
    return this.remember(uri, await this.describe(summary.Id));
  }

  /** The policy type named by a directory URI (`/SERVICE_CONTROL_POLICY`), or the root (`/`). */
  private directory(uri: vscode.Uri): PolicyType | '' | undefined {
    const path = uri.path.replace(/\/+$/, '');
    if (path === '') return '';
    const type = path.slice(1);
    return isOrganizationPolicyType(type) ? type : undefined;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (this.directory(uri) !== undefined) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const { policy, mtime } = await this.load(uri);
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime,
      size: encoder.encode(policy.Content ?? '').byteLength,
      ...(policy.PolicySummary?.AwsManaged ? { permissions: vscode.FilePermission.Readonly } : {}),
    };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const type = this.directory(uri);
    if (type === undefined) throw vscode.FileSystemError.FileNotADirectory(uri);
    if (type === '') {
      const types = await this.client.sendRequest(policyTypesRequest);
      return types.filter((info) => info.status === 'ENABLED').map((info) => [info.type, vscode.FileType.Directory]);
    }
    const policies = await this.client.sendRequest(policiesRequest, { type });
    return policies.map((policy) => [policyUri(policy).path.split('/')[2], vscode.FileType.File]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return encoder.encode((await this.load(uri)).policy.Content ?? '');
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const key = uri.toString();
    this.saving.add(key);
    try {
      const refusal = untrustedRefusal(vscode.workspace.isTrusted, this.connectionKind(), 'saving to a remote organization is disabled');
      if (refusal) throw vscode.FileSystemError.NoPermissions(refusal);
      const parsed = parsePolicyDocumentPath(uri.path);
      if (!parsed) throw vscode.FileSystemError.NoPermissions(`${uri.path} names no policy: policies are /<POLICY_TYPE>/<name>.json`);
      const text = decoder.decode(content);
      // The policy as opened: if it was deleted or renamed since, UpdatePolicy answers so with AWS's words.
      const known = this.deployed.get(key) ?? (await this.load(uri));
      refuseOnErrors(uri, 'Not saved');
      if (known.policy.PolicySummary?.AwsManaged) {
        throw vscode.FileSystemError.NoPermissions(`${parsed.name} is an AWS managed policy: AWS managed policies cannot be changed.`);
      }
      if (vscode.workspace.getConfiguration('awsOrganizations.policies', uri).get<boolean>('diffBeforeSave')) {
        await this.confirmAfterDiff(uri, known.policy, parsed.name);
      }
      const output = await this.client.sendRequest(mutationRequest('UpdatePolicy'), { PolicyId: known.policy.PolicySummary?.Id, Content: text });
      if (output.Policy) this.remember(uri, output.Policy);
    } catch (error) {
      const message = error instanceof vscode.FileSystemError ? error.message : describeFailure(error);
      log.error(`Saving ${uri.toString(true)} failed: ${message}`);
      this.rejections.fire({ uri, message });
      throw error instanceof vscode.FileSystemError ? error : vscode.FileSystemError.Unavailable(message);
    } finally {
      this.saving.delete(key);
    }
  }

  /** Shows the deployed policy beside the document and asks before deploying (the `diffBeforeSave` setting). */
  private async confirmAfterDiff(uri: vscode.Uri, deployed: Policy, name: string): Promise<void> {
    await vscode.commands.executeCommand('vscode.diff', deployedUri(deployed), uri, `${name}: deployed ↔ yours`, { preview: true });
    const choice = await vscode.window.showInformationMessage(`Deploy your changes to ${name} in the organization (UpdatePolicy)?`, { modal: true }, 'Deploy');
    if (choice !== 'Deploy') throw vscode.FileSystemError.NoPermissions('Not saved: you chose not to deploy after comparing with the deployed policy.');
  }

  watch(): vscode.Disposable {
    // Changes come from the server's organizationChanged notifications, for every policy, watched or not.
    return new vscode.Disposable(() => undefined);
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: policy types are enabled on the root, not created as folders.`);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${uri.path}: delete policies from the Policies view, which asks first.`);
  }

  rename(oldUri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(`${oldUri.path}: rename policies from the Policies view.`);
  }

  /** Tells the language server the kind of a policy document, which its URI carries. */
  private announceKind(document: vscode.TextDocument): void {
    const parsed = document.uri.scheme === policyDocumentScheme && parsePolicyDocumentPath(document.uri.path);
    if (!parsed) return;
    this.client.sendNotification(setPolicyKindNotification, { uri: document.uri.toString(), kind: parsed.type as PolicyKind })
      .catch((error) => log.error('Sending the policy kind failed', error));
  }

  /** Re-reads the open policy documents a change touched: unmodified ones reload, modified ones are warned about. */
  private async applyChange(change: OrganizationChange): Promise<void> {
    if (change.ids && !change.scopes?.includes('policies')) return;
    const open = vscode.workspace.textDocuments.filter((document) => document.uri.scheme === policyDocumentScheme && !this.saving.has(document.uri.toString()));
    for (const document of open) {
      const key = document.uri.toString();
      const known = this.deployed.get(key);
      if (change.ids && known && !change.ids.includes(known.policy.PolicySummary?.Id ?? '')) continue;
      const before = known?.mtime;
      const now = await this.load(document.uri).catch(() => undefined);
      if (!now || now.mtime === before || this.saving.has(key)) continue;
      this.changes.fire([{ type: vscode.FileChangeType.Changed, uri: document.uri }]);
      if (document.isDirty) this.warnOfConflict(document.uri, now.policy);
    }
  }

  private warnOfConflict(uri: vscode.Uri, policy: Policy): void {
    const name = policy.PolicySummary?.Name ?? uri.path;
    this.conflicts.fire({ uri, deployed: policy.Content ?? '' });
    void vscode.window.showWarningMessage(
      `${name} changed in the organization while you were editing it. Compare before saving: saving will ask whether to overwrite.`,
      'Compare',
    ).then((choice) => choice && vscode.commands.executeCommand('vscode.diff', deployedUri(policy), uri, `${name}: deployed ↔ yours`));
  }
}

/** Refuses a save or deployment while the language server reports ERROR diagnostics for the document. */
export function refuseOnErrors(uri: vscode.Uri, refused: 'Not saved' | 'Not deployed' | 'Not created'): void {
  const errors = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
  if (!errors.length) return;
  const first = errors[0];
  throw vscode.FileSystemError.NoPermissions(
    `${refused}: the policy has ${errors.length} error${errors.length === 1 ? '' : 's'}, first on line ${first.range.start.line + 1}: ${first.message}`,
  );
}

/** Serves `deployedUri`s: each read runs DescribePolicy, and organization changes refresh open ones. */
export class DeployedPolicies implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly files: PolicyFileSystem, events: ServerEvents) {
    this.subscription = events.onDidChangeOrganization(() => {
      for (const document of vscode.workspace.textDocuments) if (document.uri.scheme === deployedScheme) this.changed.fire(document.uri);
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    return (await this.files.describe(uri.query)).Content ?? '';
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The argument of "Open Policy": a Policies view node, an applied-policy node, or a policy summary. */
type PolicyArgument = { policy: PolicySummary } | { applied: { policy: PolicySummary } } | PolicySummary;

function summaryOf(argument: PolicyArgument): PolicySummary {
  if ('applied' in argument) return argument.applied.policy;
  if ('policy' in argument && argument.policy && typeof argument.policy === 'object') return argument.policy;
  return argument as PolicySummary;
}

/** Opens a policy's document from the tree (or a summary given by another command). */
export async function openPolicy(argument: PolicyArgument): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(policyUri(summaryOf(argument)));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** A policy file of a mapped folder that is not what the organization holds. */
export interface PolicyFileDifference {
  file: vscode.Uri;
  /** `changed`: the policy's content differs; `missing`: the organization has no policy of that type and name. */
  state: 'changed' | 'missing';
}

/**
 * Which files of the folders mapped by `awsOrganizations.policies.folder` differ from their policies: a badge on
 * the files and on the policies' documents (and on any view item whose `resourceUri` is a policy's URI), and a
 * status bar item that opens the comparison. Recomputed when the organization or the folders change.
 */
export class PolicyFileStatus implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly decorationsChanged = new vscode.EventEmitter<vscode.Uri[]>();
  private readonly computed = new vscode.EventEmitter<readonly PolicyFileDifference[]>();
  private readonly item = vscode.window.createStatusBarItem('awsOrganizations.policyFiles', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[];
  private watchers: vscode.Disposable[] = [];
  private decorated = new Map<string, vscode.FileDecoration>();
  private current: readonly PolicyFileDifference[] = [];
  private pending?: ReturnType<typeof setTimeout>;

  readonly onDidChangeFileDecorations = this.decorationsChanged.event;
  /** Fires after each computation, with the differences found. */
  readonly onDidCompute = this.computed.event;

  constructor(private readonly files: PolicyFileSystem, events: ServerEvents) {
    this.item.name = 'AWS Policies Differing from Files';
    this.item.command = 'awsOrganizations.policies.showDifferences';
    this.subscriptions = [
      this.decorationsChanged, this.computed, this.item,
      events.onDidChangeOrganization((change) => (!change.ids || change.scopes?.includes('policies')) && this.schedule()),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('awsOrganizations.policies.folder') && this.watch()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watch()),
      vscode.window.registerFileDecorationProvider(this),
    ];
    this.watch();
  }

  get differences(): readonly PolicyFileDifference[] {
    return this.current;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    return this.decorated.get(uri.toString());
  }

  /** Watches the mapped folders, and computes again. */
  private watch(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = this.folders().map((folder) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '*.json'));
      for (const event of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete]) event(() => this.schedule());
      return watcher;
    });
    this.schedule();
  }

  private folders(): vscode.Uri[] {
    return (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => {
      const relative = vscode.workspace.getConfiguration('awsOrganizations.policies', folder.uri).get<string>('folder');
      return relative ? [vscode.Uri.joinPath(folder.uri, relative)] : [];
    });
  }

  /** Computes once changes settle: a pull or a deployment changes many files and policies at once. */
  private schedule(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.compute().catch((error) => log.error('Comparing policy files failed', error)), 300);
  }

  private async compute(): Promise<void> {
    const differences: PolicyFileDifference[] = [];
    const decorations = new Map<string, vscode.FileDecoration>();
    const lists = new Map<string, Promise<PolicySummary[]>>();
    for (const folder of this.folders()) {
      const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(folder)).catch(() => [] as [string, vscode.FileType][]);
      for (const [name, fileType] of entries) {
        const match = /^(.+)\.([a-z0-9]+)\.json$/i.exec(name);
        const type = match && policyKinds.find((info) => info.suffix === match[2].toLowerCase() && isOrganizationPolicyType(info.kind))?.kind;
        if (fileType !== vscode.FileType.File || !match || !type) continue;
        if (!lists.has(type)) lists.set(type, this.files.client.sendRequest(policiesRequest, { type: type as PolicyType }));
        const summary = (await lists.get(type)!).find((policy) => policy.Name === match[1]);
        const file = vscode.Uri.joinPath(folder, name);
        const content = decoder.decode(await vscode.workspace.fs.readFile(file));
        if (summary?.Id && (await this.files.describe(summary.Id)).Content === content) continue;
        differences.push({ file, state: summary ? 'changed' : 'missing' });
        const decoration = summary
          ? new vscode.FileDecoration('≠', 'Differs from the policy in the organization', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground'))
          : new vscode.FileDecoration('+', 'No policy of this type and name in the organization', new vscode.ThemeColor('gitDecoration.untrackedResourceForeground'));
        decorations.set(file.toString(), decoration);
        if (summary) decorations.set(policyUri(summary).toString(), new vscode.FileDecoration('≠', `Differs from ${vscode.workspace.asRelativePath(file)}`, decoration.color));
      }
    }
    const touched = [...new Set([...this.decorated.keys(), ...decorations.keys()])].map((key) => vscode.Uri.parse(key));
    this.decorated = decorations;
    this.current = differences;
    this.decorationsChanged.fire(touched);
    this.item.text = `$(diff) ${differences.length} polic${differences.length === 1 ? 'y differs' : 'ies differ'} from files`;
    this.item.tooltip = differences.map(({ file, state }) => `${vscode.workspace.asRelativePath(file)}: ${state === 'changed' ? 'differs' : 'not in the organization'}`).join('\n');
    if (differences.length) this.item.show();
    else this.item.hide();
    this.computed.fire(differences);
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const disposable of [...this.watchers, ...this.subscriptions]) disposable.dispose();
  }
}
