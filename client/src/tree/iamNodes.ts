/**
 * The "IAM" group under an account in the Organization view: the account's roles (service-linked roles marked
 * with the service that owns them), users and groups, each with its trust and policies in the tooltip and its
 * policy documents as children, opened from the account (iamDocuments.ts: inline and customer managed policies
 * can be edited and saved, the others are read-only).
 */
import * as vscode from 'vscode';
import { accountIamRequest, iamNodeId, type IamDocumentRef, type IamPrincipal } from '../../../server/src/protocol';
import { tooltip } from './format';
import { ExplorerContext, ExplorerNode, Page } from './node';

/** The account a group of IAM nodes belongs to. */
interface IamAccount {
  readonly id: string;
  readonly awsId: string;
}

/** "IAM": the last child of an account; reading it may assume a role in the account, so it loads on expansion. */
export class IamNode extends ExplorerNode {
  override readonly emptyLabel = 'No roles, users or groups';

  constructor(readonly context: ExplorerContext, readonly account: IamAccount & ExplorerNode) {
    super(account);
  }

  get id(): string {
    return `${this.account.id}/iam`;
  }

  /** How changes name the account's IAM: a change made elsewhere (the AWS CLI, another window) reloads the group. */
  override get awsId(): string {
    return iamNodeId(this.account.awsId);
  }

  /** The group's own item never changes; reloading it reads its roles and users again. */
  async reload(): Promise<boolean> {
    return true;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('IAM', vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('key');
    item.contextValue = 'iam';
    item.tooltip = 'The roles, users and groups of the account, read from its IAM';
    return item;
  }

  async loadChildren(): Promise<Page> {
    const iam = await this.context.client.sendRequest(accountIamRequest, { accountId: this.account.awsId });
    // An account that cannot be read says why on its node: the error item carries the reason and retries.
    if (iam.error) throw new Error(`Could not read the account's IAM through ${iam.readVia}: ${iam.error}`);
    return { nodes: iam.principals.map((principal) => new IamPrincipalNode(this, this.account.awsId, principal)) };
  }
}

/** A role, a user or a group. */
export class IamPrincipalNode extends ExplorerNode {
  constructor(parent: ExplorerNode, readonly accountId: string, readonly principal: IamPrincipal) {
    super(parent);
  }

  get id(): string {
    return `${this.parent!.id}/${this.principal.kind}/${this.principal.Name}`;
  }

  override get arn(): string {
    return this.principal.Arn;
  }

  treeItem(): vscode.TreeItem {
    const { kind, Name, ServicePrincipal, Path, PermissionsBoundaryArn } = this.principal;
    const item = new vscode.TreeItem(Name, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = ServicePrincipal ? `service-linked role · ${ServicePrincipal}`
      : [kind, Path !== '/' ? Path : undefined, PermissionsBoundaryArn ? 'permissions boundary' : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon({ user: 'person', group: 'organization', role: ServicePrincipal ? 'server-process' : 'key' }[kind]);
    item.contextValue = { user: 'iamUser', group: 'iamGroup', role: ServicePrincipal ? 'iamRole.serviceLinked' : 'iamRole' }[kind];
    item.tooltip = this.tooltip();
    return item;
  }

  private tooltip(): vscode.MarkdownString {
    const { kind, Name, Arn, ServicePrincipal, TrustedPrincipals, AttachedPolicies, InlinePolicyNames, PermissionsBoundaryArn, Groups, Users } = this.principal;
    const markdown = tooltip(Name, [
      ['ARN', Arn],
      ['Service-linked role of', ServicePrincipal],
      ['Trusted by', kind === 'role' ? TrustedPrincipals.join(', ') || 'nobody' : undefined],
      ['Attached policies', AttachedPolicies.map((policy) => policy.PolicyName).join(', ') || 'none'],
      ['Inline policies', InlinePolicyNames.join(', ') || 'none'],
      ['Permissions boundary', PermissionsBoundaryArn],
      ['Groups', Groups?.join(', ')],
      ['Users', kind === 'group' ? Users?.join(', ') || 'none' : undefined],
    ]);
    if (ServicePrincipal) markdown.appendMarkdown('\nOnly its service may change or delete it, and service control policies do not apply to it.');
    return markdown;
  }

  async loadChildren(): Promise<Page> {
    const { kind, AttachedPolicies, InlinePolicyNames, PermissionsBoundaryArn } = this.principal;
    const documents: [string, string, IamDocumentRef][] = [
      ...(kind === 'role' ? [['Trust policy', 'who may assume the role', { kind: 'trust' }] as [string, string, IamDocumentRef]] : []),
      ...AttachedPolicies.map((policy): [string, string, IamDocumentRef] => [policy.PolicyName, policy.PolicyArn.includes(':iam::aws:') ? 'AWS managed' : 'customer managed', { kind: 'managed', arn: policy.PolicyArn }]),
      ...InlinePolicyNames.map((name): [string, string, IamDocumentRef] => [name, 'inline', { kind: 'inline', name }]),
      ...(PermissionsBoundaryArn ? [[PermissionsBoundaryArn.slice(PermissionsBoundaryArn.lastIndexOf('/') + 1), 'permissions boundary', { kind: 'managed', arn: PermissionsBoundaryArn }] as [string, string, IamDocumentRef]] : []),
    ];
    return { nodes: documents.map(([label, description, document]) => new IamPolicyNode(this, label, description, document)) };
  }
}

/** One policy document of a role or user; clicking opens it. */
export class IamPolicyNode extends ExplorerNode {
  constructor(readonly holder: IamPrincipalNode, readonly label: string, readonly description: string, readonly document: IamDocumentRef) {
    super(holder);
  }

  get id(): string {
    return `${this.holder.id}/${this.description}/${this.label}`;
  }

  override get arn(): string | undefined {
    return this.document.kind === 'managed' ? this.document.arn : undefined;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.description = this.description;
    item.iconPath = new vscode.ThemeIcon(this.document.kind === 'trust' ? 'organization' : 'file-code');
    item.contextValue = 'iamPolicy';
    item.command = {
      title: 'Open Policy', command: 'awsOrganizations.openIamPolicy',
      arguments: [{ accountId: this.holder.accountId, principal: { kind: this.holder.principal.kind, name: this.holder.principal.Name }, document: this.document }],
    };
    return item;
  }
}
