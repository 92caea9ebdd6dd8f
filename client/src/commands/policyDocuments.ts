/**
 * Workspace files and the organization's policies: open a policy from the tree, create a policy from a file,
 * compare a file with the deployed policy, deploy a file (UpdatePolicy), and pull every policy of chosen types
 * into a folder as `<name>.<kind>.json` with a manifest of their attachments. A file matches the policy of its
 * kind (from the language server) whose name is the file's name without `.<kind>.json`. Registers them with the
 * policies' file system and deployed views (policyDocuments.ts).
 */
import * as vscode from 'vscode';
import type { PolicySummary, PolicyType } from '@aws-sdk/client-organizations';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  mutationRequest, policiesRequest, policyDocumentScheme, policyKindRequest, policyKinds, policyTypesRequest, targetsForPolicyRequest,
} from '../../../server/src/protocol';
import { Refusal } from '../failures';
import { DeployedPolicies, PolicyFileStatus, PolicyFileSystem, openPolicy, refuseOnErrors } from '../policyDocuments';
import { deployedScheme, deployedUri } from '../policyUris';
import type { ServerEvents } from '../serverEvents';
import { CommandContext, CommandFactory, mutating, registerCommands } from './commands';

/** The manifest Pull Policies into Folder writes beside the policies. */
export const manifestName = 'organization-policies.manifest.json';

/** The file name convention's suffix of a policy type (`scp` for SERVICE_CONTROL_POLICY). */
function suffixOf(type: string): string {
  return policyKinds.find((info) => info.kind === type)?.suffix ?? type.toLowerCase();
}

/**
 * The Organizations policy type a document stands for (its kind, as the language server decides it: the file name
 * `deny-regions.scp.json` first) and the policy name its file name gives (`deny-regions`); undefined for a document
 * that is no Organizations policy.
 */
export async function organizationPolicyOf(client: BaseLanguageClient, document: vscode.TextDocument): Promise<{ type: PolicyType; name: string } | undefined> {
  const { kind } = await client.sendRequest(policyKindRequest, { uri: document.uri.toString() });
  if (!kind || kind === 'IDENTITY_POLICY' || kind === 'RESOURCE_POLICY') return undefined;
  const base = document.uri.path.split('/').pop() ?? '';
  return { type: kind, name: base.replace(new RegExp(`\\.${suffixOf(kind)}\\.jsonc?$`, 'i'), '').replace(/\.jsonc?$/i, '') };
}

/** The file a policy is pulled into: `<name>.<kind>.json`, with `/` in the name (allowed by AWS) made `_`. */
export function fileNameOf(policy: PolicySummary): string {
  return `${(policy.Name ?? policy.Id ?? 'policy').replace(/[/\\]/g, '_')}.${suffixOf(policy.Type ?? '')}.json`;
}

/** The folder of a workspace folder that holds its organization's policies (`awsOrganizations.policies.folder`). */
export function policiesFolder(workspaceFolder: vscode.WorkspaceFolder): vscode.Uri | undefined {
  const relative = vscode.workspace.getConfiguration('awsOrganizations.policies', workspaceFolder.uri).get<string>('folder');
  return relative ? vscode.Uri.joinPath(workspaceFolder.uri, relative) : undefined;
}

/** A workspace file with the policy type and name it stands for. */
interface PolicyFile {
  uri: vscode.Uri;
  document: vscode.TextDocument;
  type: PolicyType;
  name: string;
}

/** The active editor's file when a command runs from the palette. */
function targetUri(uri: unknown): vscode.Uri {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target) throw new Error('Open a policy file, or run the command from a file in the Explorer.');
  return target;
}

/** The commands, as reads (open, compare, pull) and changes to the organization (create, deploy). */
export function policyDocumentCommands(files: PolicyFileSystem, status: PolicyFileStatus): { reads: Record<string, CommandFactory>; changes: Record<string, CommandFactory> } {
  /** The policy type (the file's kind, as the language server decides it) and name of a workspace file. */
  async function policyFile(uri: vscode.Uri): Promise<PolicyFile> {
    const document = await vscode.workspace.openTextDocument(uri);
    const policy = await organizationPolicyOf(files.client, document);
    if (!policy) throw new Error(`${uri.path.split('/').pop()} is not an organization policy: name it <name>.scp.json (or another kind), or set its kind in the status bar.`);
    return { uri, document, ...policy };
  }

  /** The file's bytes as saved, so that a deployment round-trips exactly; the editor's text when it has unsaved changes. */
  async function contentOf(file: PolicyFile): Promise<string> {
    return file.document.isDirty ? file.document.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(file.uri));
  }

  async function deployedPolicy(file: PolicyFile): Promise<PolicySummary> {
    const policy = await files.find(file.type, file.name);
    if (!policy?.Id) {
      throw new Error(`The organization has no ${file.type} named ${file.name}: use "Create Policy from This File" to create it.`);
    }
    return policy;
  }

  const changes: Record<string, CommandFactory> = {
    'awsOrganizations.policies.createFromFile': () => async (uri?: vscode.Uri) => {
      const file = await policyFile(targetUri(uri));
      refuseOnErrors(file.uri, 'Not created');
      const { Policy } = await files.client.sendRequest(mutationRequest('CreatePolicy'), {
        Name: file.name, Type: file.type, Description: '', Content: await contentOf(file),
      });
      void vscode.window.showInformationMessage(`Created ${file.type} ${file.name} (${Policy?.PolicySummary?.Id}).`);
      return Policy?.PolicySummary;
    },

    'awsOrganizations.policies.deploy': () => async (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
      const uris = selected?.length ? selected : [targetUri(uri)];
      const deployed: PolicySummary[] = [];
      for (const target of uris) {
        const file = await policyFile(target);
        const policy = await deployedPolicy(file);
        if (policy.AwsManaged) throw new Refusal('AccessDeniedException', `${file.name} is an AWS managed policy: AWS managed policies cannot be changed.`);
        refuseOnErrors(file.uri, 'Not deployed');
        const { Policy } = await files.client.sendRequest(mutationRequest('UpdatePolicy'), { PolicyId: policy.Id, Content: await contentOf(file) });
        if (Policy?.PolicySummary) deployed.push(Policy.PolicySummary);
      }
      void vscode.window.showInformationMessage(`Deployed ${deployed.map((policy) => policy.Name).join(', ')} to the organization.`);
      return deployed;
    },
  };

  const reads: Record<string, CommandFactory> = {
    'awsOrganizations.policies.open': () => openPolicy,

    'awsOrganizations.policies.compareWithDeployed': () => async (uri?: vscode.Uri) => {
      const file = await policyFile(targetUri(uri));
      const policy = await deployedPolicy(file);
      await vscode.commands.executeCommand('vscode.diff', deployedUri(policy), file.uri, `${file.name}: deployed ↔ ${file.uri.path.split('/').pop()}`);
    },

    'awsOrganizations.policies.showDifferences': () => async () => {
      const picks = status.differences.map(({ file, state }) => ({
        label: vscode.workspace.asRelativePath(file), description: state === 'changed' ? 'differs from the deployed policy' : 'not in the organization', file,
      }));
      const pick = await vscode.window.showQuickPick(picks, { title: 'Policy files that differ from the organization' });
      if (pick) await vscode.commands.executeCommand('awsOrganizations.policies.compareWithDeployed', pick.file);
    },

    'awsOrganizations.policies.pull': () => async (folder?: vscode.Uri, chosenTypes?: PolicyType[]) => {
      const types = chosenTypes ?? (await pickTypes());
      const target = folder ?? (await pickFolder());
      const manifest: Record<string, unknown>[] = [];
      for (const type of types) {
        const policies = await files.client.sendRequest(policiesRequest, { type });
        for (const summary of policies) {
          const policy = await files.describe(summary.Id ?? '');
          const file = fileNameOf(summary);
          await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, file), new TextEncoder().encode(policy.Content ?? ''));
          const targets = await files.client.sendRequest(targetsForPolicyRequest, { policyId: summary.Id ?? '' });
          manifest.push({
            File: file, Id: summary.Id, Name: summary.Name, Type: summary.Type, Description: summary.Description, AwsManaged: summary.AwsManaged,
            Targets: targets.map(({ TargetId, Name, Type }) => ({ TargetId, Name, Type })).sort((a, b) => (a.TargetId ?? '').localeCompare(b.TargetId ?? '')),
          });
        }
      }
      manifest.sort((a, b) => String(a.File).localeCompare(String(b.File)));
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, manifestName), new TextEncoder().encode(`${JSON.stringify({ Policies: manifest }, null, 2)}\n`));
      void vscode.window.showInformationMessage(`Pulled ${manifest.length} polic${manifest.length === 1 ? 'y' : 'ies'} into ${vscode.workspace.asRelativePath(target)}.`);
      return target;
    },
  };
  return { reads, changes };

  async function pickTypes(): Promise<PolicyType[]> {
    const enabled = (await files.client.sendRequest(policyTypesRequest)).filter((info) => info.status === 'ENABLED');
    const picks = await vscode.window.showQuickPick(enabled.map((info) => ({ label: info.type, picked: true })), {
      title: 'Pull policies into folder', placeHolder: 'Which policy types?', canPickMany: true,
    });
    if (!picks?.length) throw new vscode.CancellationError();
    return picks.map((pick) => pick.label as PolicyType);
  }

  async function pickFolder(): Promise<vscode.Uri> {
    const mapped = vscode.workspace.workspaceFolders?.map(policiesFolder).find((uri) => uri);
    if (mapped) return mapped;
    const [chosen] = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Pull Policies Here' })) ?? [];
    if (!chosen) throw new vscode.CancellationError();
    return chosen;
  }
}

/** What the extension's API offers of policy documents, for the in-VS Code tests and other extensions. */
export interface PolicyDocumentsApi {
  files: PolicyFileSystem;
  status: PolicyFileStatus;
}

/** Registers the file system, the deployed views and the commands of policy documents. */
export function registerPolicyDocuments(
  context: vscode.ExtensionContext, commandContext: CommandContext, events: ServerEvents,
): PolicyDocumentsApi {
  const files = new PolicyFileSystem(commandContext.client, events, () => commandContext.explorer.connection?.spec.kind);
  const deployed = new DeployedPolicies(files, events);
  const status = new PolicyFileStatus(files, events);
  const commands = policyDocumentCommands(files, status);
  context.subscriptions.push(
    files,
    deployed,
    status,
    vscode.workspace.registerFileSystemProvider(policyDocumentScheme, files, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(deployedScheme, deployed),
    ...registerCommands(commandContext, commands.reads, mutating(commands.changes)),
  );
  return { files, status };
}
