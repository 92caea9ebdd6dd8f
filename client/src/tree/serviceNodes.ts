/** The nodes of the Services view: the AWS services with trusted access, and each one's delegated administrators. */
import * as vscode from 'vscode';
import type { DelegatedAdministrator } from '@aws-sdk/client-organizations';
import { integratedServices, type TrustedService } from '../../../server/src/protocol';
import { ConsolePage, day, nameAndId, tooltip, words } from './format';
import { ExplorerNode, Page } from './node';

export class TrustedServiceNode extends ExplorerNode {
  override readonly emptyLabel = 'No delegated administrators';

  /** `serviceLinkedRole`: the role trusted access created for the service (none for most), and in how many accounts. */
  constructor(readonly trusted: TrustedService, readonly serviceLinkedRole: { roleName: string | null; accounts: number }) {
    super(undefined);
  }

  get id(): string {
    return this.principal;
  }

  get principal(): string {
    return this.trusted.service.ServicePrincipal ?? '?';
  }

  override get awsId(): string {
    return this.principal;
  }

  override get consolePage(): ConsolePage {
    return { page: 'services', arn: this.trusted.delegatedAdministrators[0]?.Arn };
  }

  treeItem(): vscode.TreeItem {
    const admins = this.trusted.delegatedAdministrators.length;
    // Services by the names AWS gives them, with their principal; a principal the table does not know shows alone.
    const name = integratedServices.find((service) => service.servicePrincipal === this.principal)?.name;
    const item = new vscode.TreeItem(name ?? this.principal, admins ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    const { roleName, accounts } = this.serviceLinkedRole;
    const roles = roleName ? `${roleName} in ${accounts} account${accounts === 1 ? '' : 's'}` : undefined;
    item.description = [
      name ? this.principal : undefined,
      `trusted since ${day(this.trusted.service.DateEnabled) ?? '?'}`,
      admins ? `${admins} delegated administrator${admins === 1 ? '' : 's'}` : undefined,
    ].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('plug');
    item.contextValue = 'trustedService';
    item.tooltip = tooltip(name ? `${name} (${this.principal})` : this.principal, [
      ['Trusted access enabled', day(this.trusted.service.DateEnabled)],
      ['Delegated administrators', this.trusted.delegatedAdministrators.map((admin) => nameAndId(admin.Name, admin.Id)).join(', ') || 'none'],
      ['Service-linked role created', roles ?? 'none'],
    ]);
    return item;
  }

  async loadChildren(): Promise<Page> {
    return { nodes: this.trusted.delegatedAdministrators.map((admin) => new DelegatedAdministratorNode(this, admin)) };
  }
}

/** A member account registered as a delegated administrator for the parent service; clicking it reveals the account. */
export class DelegatedAdministratorNode extends ExplorerNode {
  constructor(readonly service: TrustedServiceNode, readonly administrator: DelegatedAdministrator) {
    super(service);
  }

  get id(): string {
    return `${this.service.id}/${this.administrator.Id}`;
  }

  override get awsId(): string | undefined {
    return this.administrator.Id;
  }

  override get arn(): string | undefined {
    return this.administrator.Arn;
  }

  override get consolePage(): ConsolePage | undefined {
    return this.administrator.Id ? { page: 'account', id: this.administrator.Id, arn: this.arn } : undefined;
  }

  treeItem(): vscode.TreeItem {
    const admin = this.administrator;
    const item = new vscode.TreeItem(nameAndId(admin.Name, admin.Id), vscode.TreeItemCollapsibleState.None);
    item.description = `delegated since ${day(admin.DelegationEnabledDate) ?? '?'}`;
    item.iconPath = new vscode.ThemeIcon('account');
    item.contextValue = 'delegatedAdministrator';
    item.tooltip = tooltip(nameAndId(admin.Name, admin.Id), [
      ['Email', admin.Email],
      ['ARN', admin.Arn],
      ['State', words(admin.State ?? admin.Status)],
      ['Delegated administrator since', day(admin.DelegationEnabledDate)],
    ]);
    item.command = { title: 'Reveal in Organization', command: 'awsOrganizations.revealInOrganization', arguments: [this] };
    return item;
  }
}
