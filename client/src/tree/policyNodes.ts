/** The nodes of the Policies view: each policy type with its state, its policies, and each policy's targets. */
import * as vscode from 'vscode';
import type { PolicySummary, PolicyTargetSummary } from '@aws-sdk/client-organizations';
import { PolicyTypeInfo, policiesRequest, targetsForPolicyRequest } from '../../../server/src/protocol';
import { ConsolePage, nameAndId, policyTypeName, tooltip, words } from './format';
import { ExplorerContext, ExplorerNode, Page } from './node';
import { policyUri } from '../policyUris';

const typeIcons: Record<PolicyTypeInfo['status'], vscode.ThemeIcon> = {
  ENABLED: new vscode.ThemeIcon('shield'),
  PENDING_ENABLE: new vscode.ThemeIcon('sync'),
  PENDING_DISABLE: new vscode.ThemeIcon('sync'),
  DISABLED: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
  UNAVAILABLE: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

/** A policy type, enabled or not, with its policies. */
export class PolicyTypeNode extends ExplorerNode {
  override readonly emptyLabel = 'No policies of this type';

  constructor(readonly context: ExplorerContext, readonly info: PolicyTypeInfo) {
    super(undefined);
  }

  get id(): string {
    return this.info.type;
  }

  override get consolePage(): ConsolePage {
    return { page: 'policies', type: this.info.type, arn: this.context.organization?.Arn };
  }

  treeItem(): vscode.TreeItem {
    const enabled = this.info.status === 'ENABLED';
    const item = new vscode.TreeItem(policyTypeName(this.info.type), enabled ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.description = words(this.info.status);
    item.iconPath = typeIcons[this.info.status];
    item.contextValue = `policyType.${this.info.status}`;
    item.tooltip = tooltip(policyTypeName(this.info.type), [['Type', this.info.type], ['Status', words(this.info.status)]]);
    return item;
  }

  async loadChildren(): Promise<Page> {
    const policies = await this.context.client.sendRequest(policiesRequest, { type: this.info.type });
    return { nodes: policies.map((policy) => new PolicyNode(this.context, this, policy)) };
  }
}

/** A policy, marked when AWS manages it, with the targets it is attached to. */
export class PolicyNode extends ExplorerNode {
  override readonly emptyLabel = 'Not attached to any target';

  constructor(readonly context: ExplorerContext, parent: ExplorerNode, readonly policy: PolicySummary) {
    super(parent);
  }

  get id(): string {
    return this.policy.Id ?? '?';
  }

  override get awsId(): string | undefined {
    return this.policy.Id;
  }

  override get arn(): string | undefined {
    return this.policy.Arn;
  }

  override get consolePage(): ConsolePage {
    return { page: 'policies', type: this.policy.Type ?? '', policyId: this.awsId, arn: this.arn };
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(nameAndId(this.policy.Name, this.policy.Id), vscode.TreeItemCollapsibleState.Collapsed);
    item.description = this.policy.AwsManaged ? 'AWS managed' : this.policy.Description;
    item.iconPath = new vscode.ThemeIcon(this.policy.AwsManaged ? 'verified' : 'shield');
    item.contextValue = `policy.${this.policy.Type}.${this.policy.AwsManaged ? 'awsManaged' : 'customerManaged'}`;
    // A click opens the policy as a document; its URI also carries the "differs from its file" badge.
    item.command = { title: 'Open Policy', command: 'awsOrganizations.policies.open', arguments: [this] };
    item.resourceUri = policyUri(this.policy);
    item.tooltip = tooltip(nameAndId(this.policy.Name, this.policy.Id), [
      ['Type', policyTypeName(this.policy.Type)],
      ['Description', this.policy.Description],
      ['ARN', this.policy.Arn],
      ['Managed by', this.policy.AwsManaged ? 'AWS' : 'this organization'],
    ]);
    return item;
  }

  async loadChildren(): Promise<Page> {
    const targets = await this.context.client.sendRequest(targetsForPolicyRequest, { policyId: this.id });
    return { nodes: targets.map((target) => new PolicyTargetNode(this, target)) };
  }
}

const targetIcons: Record<string, string> = { ROOT: 'root-folder', ORGANIZATIONAL_UNIT: 'folder', ACCOUNT: 'account' };
const targetWords: Record<string, string> = { ROOT: 'root', ORGANIZATIONAL_UNIT: 'OU', ACCOUNT: 'account' };

/** A root, OU or account a policy is attached to; clicking it reveals the target in the Organization view. */
export class PolicyTargetNode extends ExplorerNode {
  constructor(readonly policy: PolicyNode, readonly target: PolicyTargetSummary) {
    super(policy);
  }

  get id(): string {
    return `${this.policy.id}/${this.target.TargetId}`;
  }

  override get awsId(): string | undefined {
    return this.target.TargetId;
  }

  override get arn(): string | undefined {
    return this.target.Arn;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(nameAndId(this.target.Name, this.target.TargetId), vscode.TreeItemCollapsibleState.None);
    item.description = targetWords[this.target.Type ?? ''];
    item.iconPath = new vscode.ThemeIcon(targetIcons[this.target.Type ?? ''] ?? 'symbol-misc');
    item.contextValue = `policyTarget.${this.target.Type}`;
    item.tooltip = tooltip(nameAndId(this.target.Name, this.target.TargetId), [['Type', targetWords[this.target.Type ?? '']], ['ARN', this.target.Arn]]);
    item.command = { title: 'Reveal in Organization', command: 'awsOrganizations.revealInOrganization', arguments: [this] };
    return item;
  }
}
