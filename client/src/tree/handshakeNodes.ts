/** The nodes of the Invitations view: the organization's handshakes grouped by state, with their parties and dates. */
import * as vscode from 'vscode';
import type { Handshake, HandshakeResource } from '@aws-sdk/client-organizations';
import { ConsolePage, day, nameAndId, tooltip, words } from './format';
import { handshakeDirection, type HandshakeDirection } from '../handshakes';
import { ExplorerNode, Page } from './node';

/** The states in the order the console's Invitations page lists them, with an icon each. */
export const handshakeStates: [state: string, icon: vscode.ThemeIcon][] = [
  ['OPEN', new vscode.ThemeIcon('mail')],
  ['REQUESTED', new vscode.ThemeIcon('mail')],
  ['ACCEPTED', new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))],
  ['DECLINED', new vscode.ThemeIcon('error', new vscode.ThemeColor('list.warningForeground'))],
  ['CANCELED', new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'))],
  ['EXPIRED', new vscode.ThemeIcon('clock', new vscode.ThemeColor('disabledForeground'))],
];

/** The handshakes in one state; open ones are shown expanded. */
export class HandshakeStateNode extends ExplorerNode {
  /** `callerAccountId`: whom the connection acts as, which tells invitations received from those sent. */
  constructor(readonly state: string, readonly icon: vscode.ThemeIcon, readonly handshakes: Handshake[], readonly callerAccountId?: string) {
    super(undefined);
  }

  get id(): string {
    return this.state;
  }

  override get consolePage(): ConsolePage {
    return { page: 'invitations', arn: this.handshakes[0]?.Arn };
  }

  treeItem(): vscode.TreeItem {
    const open = this.state === 'OPEN' || this.state === 'REQUESTED';
    const label = words(this.state).replace(/^./, (first) => first.toUpperCase());
    const item = new vscode.TreeItem(label, open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.description = String(this.handshakes.length);
    item.iconPath = this.icon;
    item.contextValue = `handshakeState.${this.state}`;
    return item;
  }

  async loadChildren(): Promise<Page> {
    return { nodes: this.handshakes.map((handshake) => new HandshakeNode(this, handshake, handshakeDirection(handshake, this.callerAccountId))) };
  }
}

const actions: Record<string, string> = {
  INVITE: 'Invitation to join',
  ENABLE_ALL_FEATURES: 'Request to enable all features',
  APPROVE_ALL_FEATURES: 'Approval of all features',
  ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE: 'Request to add the service-linked role',
  TRANSFER_RESPONSIBILITY: 'Billing transfer',
};

/** The value of a handshake resource of one type, looking into nested resources too. */
function resourceValue(resources: HandshakeResource[] | undefined, type: string): string | undefined {
  for (const resource of resources ?? []) {
    if (resource.Type === type) return resource.Value;
    const nested = resourceValue(resource.Resources, type);
    if (nested) return nested;
  }
  return undefined;
}

/** One handshake: an invitation or a request to enable all features, with who it is between and when it expires. */
export class HandshakeNode extends ExplorerNode {
  constructor(parent: ExplorerNode, readonly handshake: Handshake, readonly direction: HandshakeDirection) {
    super(parent);
  }

  get id(): string {
    return this.handshake.Id ?? '?';
  }

  override get awsId(): string | undefined {
    return this.handshake.Id;
  }

  override get arn(): string | undefined {
    return this.handshake.Arn;
  }

  override get consolePage(): ConsolePage {
    return { page: 'invitations', arn: this.arn };
  }

  /** The party other than the organization: the invited account or email address. */
  get counterparty(): string | undefined {
    const parties = this.handshake.Parties ?? [];
    return (parties.find((party) => party.Type !== 'ORGANIZATION') ?? parties[0])?.Id;
  }

  treeItem(): vscode.TreeItem {
    const { Action, State, RequestedTimestamp, ExpirationTimestamp } = this.handshake;
    const action = actions[Action ?? ''] ?? words(Action);
    const item = new vscode.TreeItem(nameAndId(`${action} ${this.counterparty ?? ''}`.trim(), this.handshake.Id), vscode.TreeItemCollapsibleState.None);
    const open = State === 'OPEN' || State === 'REQUESTED';
    const requested = `requested ${day(RequestedTimestamp) ?? '?'}`;
    item.description = open ? `${requested} · expires ${day(ExpirationTimestamp) ?? '?'}` : requested;
    item.iconPath = handshakeStates.find(([state]) => state === State)?.[1];
    // `received` offers Accept and Decline, `sent` offers Cancel: AWS lets only the recipient answer and only the sender cancel.
    item.contextValue = `handshake.${State}.${Action}.${this.direction}`;
    item.tooltip = tooltip(action, [
      ['ID', this.handshake.Id],
      ['State', words(State)],
      ['Parties', (this.handshake.Parties ?? []).map((party) => `${party.Id} (${words(party.Type)})`).join(', ')],
      ['Requested', day(RequestedTimestamp)],
      ['Expires', day(ExpirationTimestamp)],
      ['Notes', resourceValue(this.handshake.Resources, 'NOTES')],
      ['ARN', this.handshake.Arn],
    ]);
    return item;
  }
}
