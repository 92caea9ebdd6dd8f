/**
 * The nodes of the Organization view: the root, OUs and accounts, and under each of them the policies
 * that apply to it per policy type, attached directly or inherited from an ancestor.
 */
import * as vscode from 'vscode';
import type { Account, OrganizationalUnit, Root } from '@aws-sdk/client-organizations';
import {
  AppliedPolicy, OrganizationNode, ancestorsRequest, childrenRequest, currentCostRequest, nodeRequest, policiesForTargetRequest, tagsRequest,
} from '../../../server/src/protocol';
import { formatCents, formatMonth } from '../billing/render';
import { describeFailure } from '../failures';
import { log } from '../log';
import { ConsolePage, comparePolicyTypes, day, nameAndId, policyTypeName, tooltip, words } from './format';
import { IamNode } from './iamNodes';
import { ExplorerContext, ExplorerNode, Page } from './node';

/** A root, OU or account: a node of the organization's hierarchy, which can reload itself by ID. */
export abstract class HierarchyNode extends ExplorerNode {
  constructor(readonly context: ExplorerContext, parent: ExplorerNode | undefined, public data: OrganizationNode) {
    super(parent);
  }

  get name(): string | undefined {
    return entityOf(this.data).Name;
  }

  get id(): string {
    return this.awsId;
  }

  override get awsId(): string {
    return entityOf(this.data).Id ?? '?';
  }

  override get arn(): string | undefined {
    return entityOf(this.data).Arn;
  }

  /** The parent's ID; undefined for a root. */
  get parentId(): string | undefined {
    return this.data.kind === 'root' ? undefined : this.data.parentId;
  }

  async reload(): Promise<boolean> {
    const data = await this.context.client.sendRequest(nodeRequest, { id: this.awsId });
    if (data?.kind !== this.data.kind) return false;
    this.data = data;
    return true;
  }

  /** `Root / Workloads / Production`: the names from the root down to this node's parent. */
  protected async parentPath(): Promise<string> {
    const ancestors = await this.context.client.sendRequest(ancestorsRequest, { id: this.awsId });
    return ancestors.map(hierarchyName).join(' / ');
  }

  /** `Key=Value, ...`: the node's tags, read when its tooltip is shown. */
  protected async tagsText(): Promise<string> {
    const tags = await this.context.client.sendRequest(tagsRequest, { resourceId: this.awsId });
    return tags.map((tag) => `${tag.Key}=${tag.Value}`).join(', ');
  }

  /** `$1,234.56 in Jun 2026 (estimated)`: the node's cost this month; undefined when it cannot be read. */
  protected async costText(): Promise<string | undefined> {
    try {
      const cost = await this.context.client.sendRequest(currentCostRequest, { id: this.awsId });
      return cost ? `${formatCents(cost.cents)} in ${formatMonth(cost.month)}${cost.estimated ? ' (estimated)' : ''}` : undefined;
    } catch (error) {
      log.warn(`The current cost of ${this.awsId} could not be read: ${describeFailure(error)}`);
      return undefined;
    }
  }
}

/** The root, OU or account a hierarchy node of the protocol carries. */
function entityOf(node: OrganizationNode): Root | OrganizationalUnit | Account {
  return node.kind === 'root' ? node.root : node.kind === 'organizationalUnit' ? node.organizationalUnit : node.account;
}

/** The name of a hierarchy node as the protocol sends it. */
export function hierarchyName(node: OrganizationNode): string {
  return entityOf(node).Name ?? entityOf(node).Id ?? '?';
}

/** The ID of a hierarchy node as the protocol sends it. */
export function hierarchyId(node: OrganizationNode): string {
  return entityOf(node).Id ?? '?';
}

/** Builds the node for a root, OU or account the server sent. */
export function hierarchyNode(context: ExplorerContext, data: OrganizationNode, parent: ExplorerNode | undefined): HierarchyNode {
  switch (data.kind) {
    case 'root': return new RootNode(context, data);
    case 'organizationalUnit': return new OrganizationalUnitNode(context, parent, data);
    case 'account': return new AccountNode(context, parent, data);
  }
}

/** A root or OU: its first child is its policies, then its OUs and accounts, a page at a time. */
abstract class ParentNode extends HierarchyNode {
  override readonly emptyLabel = 'No OUs or accounts';

  async loadChildren(nextToken: string | undefined): Promise<Page> {
    const page = await this.context.client.sendRequest(childrenRequest, {
      parentId: this.awsId, nextToken, pageSize: this.context.pageSize(),
    });
    const nodes = page.children.map((child) => hierarchyNode(this.context, child, this));
    return { nodes: nextToken ? nodes : [new AppliedPoliciesNode(this.context, this), ...nodes], nextToken: page.nextToken };
  }
}

export class RootNode extends ParentNode {
  declare data: Extract<OrganizationNode, { kind: 'root' }>;

  constructor(context: ExplorerContext, data: Extract<OrganizationNode, { kind: 'root' }>) {
    super(context, undefined, data);
  }

  get root(): Root {
    return this.data.root;
  }

  override get consolePage(): ConsolePage {
    return { page: 'root', arn: this.arn };
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(nameAndId(this.name, this.awsId), vscode.TreeItemCollapsibleState.Expanded);
    item.description = this.context.organization?.Id;
    item.iconPath = new vscode.ThemeIcon('root-folder');
    item.contextValue = 'root';
    return item;
  }

  async resolveTooltip(): Promise<vscode.MarkdownString> {
    const enabled = (this.root.PolicyTypes ?? []).filter((type) => type.Status === 'ENABLED').map((type) => policyTypeName(type.Type));
    return tooltip(nameAndId(this.name, this.awsId), [
      ['Organization', this.context.organization?.Id],
      ['ARN', this.root.Arn],
      ['Enabled policy types', enabled.join(', ') || 'none'],
      ['Tags', await this.tagsText()],
    ]);
  }
}

export class OrganizationalUnitNode extends ParentNode {
  declare data: Extract<OrganizationNode, { kind: 'organizationalUnit' }>;

  get organizationalUnit(): OrganizationalUnit {
    return this.data.organizationalUnit;
  }

  override get consolePage(): ConsolePage {
    return { page: 'organizationalUnit', id: this.awsId, arn: this.arn };
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(nameAndId(this.name, this.awsId), vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('folder');
    item.contextValue = 'organizationalUnit';
    return item;
  }

  async resolveTooltip(): Promise<vscode.MarkdownString> {
    return tooltip(nameAndId(this.name, this.awsId), [
      ['ARN', this.arn],
      ['Parent', await this.parentPath()],
      ['Tags', await this.tagsText()],
      ['Cost', await this.costText()],
    ]);
  }
}

const accountIcons: Record<string, vscode.ThemeIcon> = {
  ACTIVE: new vscode.ThemeIcon('account'),
  SUSPENDED: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground')),
  PENDING_CLOSURE: new vscode.ThemeIcon('clock', new vscode.ThemeColor('list.warningForeground')),
  CLOSED: new vscode.ThemeIcon('close', new vscode.ThemeColor('disabledForeground')),
  PENDING_ACTIVATION: new vscode.ThemeIcon('sync'),
};

/** An account: its children are the policies that apply to it, per policy type, then its IAM. */
export class AccountNode extends HierarchyNode {
  declare data: Extract<OrganizationNode, { kind: 'account' }>;

  get account(): Account {
    return this.data.account;
  }

  override get consolePage(): ConsolePage {
    return { page: 'account', id: this.awsId, arn: this.arn };
  }

  /** `ACTIVE`, `SUSPENDED`, ...: the account's `State`, or its deprecated `Status` from older endpoints. */
  get state(): string {
    return this.account.State ?? this.account.Status ?? 'ACTIVE';
  }

  get isManagementAccount(): boolean {
    return this.context.organization?.MasterAccountId === this.awsId;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(nameAndId(this.name, this.awsId), vscode.TreeItemCollapsibleState.Collapsed);
    const services = this.data.delegatedServices.length;
    item.description = [
      this.isManagementAccount ? 'management account' : undefined,
      this.state !== 'ACTIVE' ? words(this.state) : undefined,
      this.account.JoinedMethod === 'INVITED' ? 'invited' : undefined,
      services ? `delegated administrator of ${services} service${services === 1 ? '' : 's'}` : undefined,
    ].filter(Boolean).join(' · ');
    item.iconPath = this.isManagementAccount && this.state === 'ACTIVE' ? new vscode.ThemeIcon('star-full') : accountIcons[this.state] ?? accountIcons.ACTIVE;
    item.contextValue = [
      'account', this.state, this.isManagementAccount ? 'management' : undefined, services ? 'delegatedAdministrator' : undefined,
    ].filter(Boolean).join('.');
    return item;
  }

  async resolveTooltip(): Promise<vscode.MarkdownString> {
    const joined = [words(this.account.JoinedMethod), day(this.account.JoinedTimestamp)].filter(Boolean).join(' on ');
    return tooltip(nameAndId(this.name, this.awsId), [
      ['Email', this.account.Email],
      ['ARN', this.arn],
      ['State', words(this.state)],
      ['Joined', joined],
      ['Parent', await this.parentPath()],
      ['Delegated administrator for', this.data.delegatedServices.join(', ')],
      ['Tags', await this.tagsText()],
      ['Cost', await this.costText()],
    ]);
  }

  async loadChildren(): Promise<Page> {
    const { nodes } = await appliedPolicyGroups(this.context, this, this);
    return { nodes: [...nodes, new IamNode(this.context, this)] };
  }
}

/** The policies that apply to a target, one node per enabled policy type. */
async function appliedPolicyGroups(context: ExplorerContext, target: HierarchyNode, parent: ExplorerNode): Promise<Page> {
  const applied = await context.client.sendRequest(policiesForTargetRequest, { targetId: target.awsId });
  const types = [...new Set(applied.map((entry) => entry.policy.Type ?? ''))].sort(comparePolicyTypes);
  return {
    nodes: types.map((type) => new AppliedPolicyTypeNode(context, parent, target, type, applied.filter((entry) => entry.policy.Type === type))),
  };
}

/** "Policies", the first child of a root or OU. */
export class AppliedPoliciesNode extends ExplorerNode {
  override readonly emptyLabel = 'No policy types are enabled';

  constructor(readonly context: ExplorerContext, readonly target: ParentNode) {
    super(target);
  }

  get id(): string {
    return `${this.target.id}/policies`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Policies', vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('shield');
    item.contextValue = 'appliedPolicies';
    item.tooltip = `The policies that apply to ${nameAndId(this.target.name, this.target.awsId)}, attached directly or inherited`;
    return item;
  }

  loadChildren(): Promise<Page> {
    return appliedPolicyGroups(this.context, this.target, this);
  }
}

/** The policies of one type that apply to a target: those attached directly first, then the inherited ones. */
export class AppliedPolicyTypeNode extends ExplorerNode {
  override readonly emptyLabel = 'No policies of this type apply';
  /** What the parent loaded along with this node; later loads ask the server again. */
  private loaded: AppliedPolicy[] | undefined;

  constructor(
    readonly context: ExplorerContext, parent: ExplorerNode, readonly target: HierarchyNode, readonly type: string,
    private readonly applied: AppliedPolicy[],
  ) {
    super(parent);
    this.loaded = applied;
  }

  get id(): string {
    return `${this.target.id}/policies/${this.type}`;
  }

  override get consolePage(): ConsolePage {
    return { page: 'policies', type: this.type, arn: this.target.arn };
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(policyTypeName(this.type), vscode.TreeItemCollapsibleState.Collapsed);
    const direct = this.applied.filter((entry) => !entry.inherited).length;
    item.description = `${direct} attached directly, ${this.applied.length - direct} inherited`;
    item.iconPath = new vscode.ThemeIcon('shield');
    item.contextValue = `appliedPolicyType.${this.type}`;
    return item;
  }

  async loadChildren(): Promise<Page> {
    let applied = this.loaded;
    this.loaded = undefined;
    if (!applied) {
      const all = await this.context.client.sendRequest(policiesForTargetRequest, { targetId: this.target.awsId });
      applied = all.filter((entry) => entry.policy.Type === this.type);
    }
    const ordered = [...applied.filter((entry) => !entry.inherited), ...applied.filter((entry) => entry.inherited)];
    return { nodes: ordered.map((entry) => new AppliedPolicyNode(this, this.target, entry)) };
  }
}

/** A policy that applies to a target, saying where it is attached. */
export class AppliedPolicyNode extends ExplorerNode {
  constructor(parent: ExplorerNode, readonly target: HierarchyNode, readonly applied: AppliedPolicy) {
    super(parent);
  }

  get id(): string {
    return `${this.target.id}/policies/${this.applied.policy.Type}/${this.applied.attachedTo.id}/${this.applied.policy.Id}`;
  }

  override get awsId(): string | undefined {
    return this.applied.policy.Id;
  }

  override get arn(): string | undefined {
    return this.applied.policy.Arn;
  }

  override get consolePage(): ConsolePage {
    return { page: 'policies', type: this.applied.policy.Type ?? '', policyId: this.awsId, arn: this.arn };
  }

  /** "attached directly", or "inherited from Workloads (ou-…)". */
  get attribution(): string {
    const { attachedTo, inherited } = this.applied;
    return inherited ? `inherited from ${nameAndId(attachedTo.name, attachedTo.id)}` : 'attached directly';
  }

  treeItem(): vscode.TreeItem {
    const { policy, inherited } = this.applied;
    const item = new vscode.TreeItem(nameAndId(policy.Name, policy.Id), vscode.TreeItemCollapsibleState.None);
    item.description = this.attribution;
    item.iconPath = new vscode.ThemeIcon(inherited ? 'type-hierarchy-sub' : 'shield');
    item.contextValue = ['appliedPolicy', inherited ? 'inherited' : 'direct', policy.AwsManaged ? 'awsManaged' : undefined].filter(Boolean).join('.');
    item.tooltip = tooltip(nameAndId(policy.Name, policy.Id), [
      ['Type', policyTypeName(policy.Type)],
      ['Description', policy.Description],
      ['ARN', policy.Arn],
      ['AWS managed', policy.AwsManaged ? 'yes' : undefined],
      ['Applies to', `${nameAndId(this.target.name, this.target.awsId)}, ${this.attribution}`],
    ]);
    return item;
  }
}
