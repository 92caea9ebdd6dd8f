/**
 * The organization explorer: the four views of the AWS Organizations container (Organization, Policies,
 * Invitations, Services), kept in step with the server's connection and change notifications, and
 * `reveal` of any root, OU or account by its ID.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { Organization } from '@aws-sdk/client-organizations';
import {
  ConnectionInfo, OrganizationScope, OrganizationsErrorData, ancestorsRequest, connectionRequest, handshakesRequest, nodeRequest, policyTypesRequest,
  rootsRequest, serviceLinkedRolesRequest, trustedServicesRequest,
} from '../../../server/src/protocol';
import { errorMessage } from '../failures';
import { log } from '../log';
import type { OrganizationChange, ServerEvents } from '../serverEvents';
import { OrganizationDragAndDrop } from './dragAndDrop';
import { comparePolicyTypes } from './format';
import { HandshakeStateNode, handshakeStates } from './handshakeNodes';
import { ExplorerContext, ExplorerNode } from './node';
import { RootNode, hierarchyId } from './organizationNodes';
import { PolicyTypeNode } from './policyNodes';
import { ExplorerProvider, ViewSource } from './provider';
import { TrustedServiceNode } from './serviceNodes';

export const viewIds = {
  organization: 'awsOrganizations.organization',
  policies: 'awsOrganizations.policies',
  invitations: 'awsOrganizations.invitations',
  services: 'awsOrganizations.services',
} as const;

/** One view: its provider, its tree view, and which of its nodes are expanded. */
export class ExplorerView implements vscode.Disposable {
  readonly treeView: vscode.TreeView<ExplorerNode>;
  private readonly expanded = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(readonly id: string, readonly provider: ExplorerProvider, options: Partial<vscode.TreeViewOptions<ExplorerNode>> = {}) {
    this.treeView = vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: true, ...options });
    this.subscriptions = [
      this.treeView,
      provider,
      this.treeView.onDidExpandElement(({ element }) => this.expanded.add(element.id)),
      this.treeView.onDidCollapseElement(({ element }) => this.expanded.delete(element.id)),
    ];
  }

  /** Whether the view currently shows this node's children. */
  isExpanded(node: ExplorerNode | undefined): boolean {
    return !node || this.expanded.has(node.id);
  }

  /** True when this view gave out the node. */
  owns(node: ExplorerNode): boolean {
    return this.provider.node(node.id) === node;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** How a view takes a change, given the parts of the organization it shows. */
function affects(change: OrganizationChange, scopes: OrganizationScope[]): boolean {
  return !change.scopes || change.scopes.some((scope) => scopes.includes(scope));
}

/** Roots, OUs and accounts: what `reveal` can find in the Organization view. */
const hierarchyIdPattern = /^(r-[0-9a-z]+|ou-[0-9a-z-]+|\d{12})$/;

export class OrganizationExplorer implements vscode.Disposable {
  readonly organization: ExplorerView;
  readonly policies: ExplorerView;
  readonly invitations: ExplorerView;
  readonly services: ExplorerView;
  readonly dragAndDrop: OrganizationDragAndDrop;
  private connectionInfo: ConnectionInfo | undefined;
  private readonly context: ExplorerContext;
  private readonly subscriptions: vscode.Disposable[] = [];
  private revealing: Promise<unknown> = Promise.resolve();

  constructor(readonly client: BaseLanguageClient, events: ServerEvents) {
    const connection = () => this.connectionInfo;
    this.context = {
      client,
      get connection() {
        return connection();
      },
      get organization(): Organization | undefined {
        return connection()?.organization;
      },
      pageSize: () => vscode.workspace.getConfiguration('awsOrganizations').get<number>('pageSize', 200),
    };
    // A connection found without an organization is tried again: one may have been created since (a reset,
    // CreateOrganization, the AWS CLI through the endpoint). While there is none, the view stays empty for its welcome content.
    const connected = () => this.connectionInfo?.state === 'connected' || this.connectionInfo?.state === 'noOrganization';
    const context = this.context;

    this.dragAndDrop = new OrganizationDragAndDrop(context, viewIds.organization);
    this.organization = new ExplorerView(viewIds.organization, new ExplorerProvider({
      shown: connected,
      async loadTop() {
        const roots = await whileOrganization(client.sendRequest(rootsRequest), []);
        return { nodes: roots.map((root) => new RootNode(context, { kind: 'root', root })) };
      },
      takes: (change) => (!affects(change, ['organization', 'hierarchy', 'policies', 'trustedServices', 'iam']) ? 'nothing' : change.ids ? 'named' : 'everything'),
    }), { canSelectMany: true, dragAndDropController: this.dragAndDrop });

    const policySource: ViewSource = {
      shown: connected,
      async loadTop() {
        const types = await whileOrganization(client.sendRequest(policyTypesRequest), []);
        return { nodes: types.sort((a, b) => comparePolicyTypes(a.type, b.type)).map((info) => new PolicyTypeNode(context, info)) };
      },
      // A policy the view does not show yet (just created) is listed by reloading its type, so the whole small view reloads.
      takes: (change) => !affects(change, ['organization', 'policies']) ? 'nothing'
        : !change.ids || change.scopes?.includes('organization') || change.ids.some((id) => id.startsWith('p-') && !this.policies.provider.nodesFor(id).length)
          ? 'everything' : 'named',
    };
    this.policies = new ExplorerView(viewIds.policies, new ExplorerProvider(policySource));

    this.invitations = new ExplorerView(viewIds.invitations, new ExplorerProvider({
      shown: connected,
      async loadTop() {
        const handshakes = await whileOrganization(client.sendRequest(handshakesRequest), []);
        return {
          nodes: handshakeStates
            .map(([state, icon]) => new HandshakeStateNode(state, icon, handshakes.filter((handshake) => handshake.State === state), context.connection?.callerAccountId))
            .filter((node) => node.handshakes.length),
        };
      },
      takes: (change) => (affects(change, ['handshakes']) ? 'everything' : 'nothing'),
    }));

    this.services = new ExplorerView(viewIds.services, new ExplorerProvider({
      shown: connected,
      async loadTop() {
        const services = await whileOrganization(client.sendRequest(trustedServicesRequest), []);
        // The service-linked role trusted access created for each service, and in how many accounts.
        const roles = await Promise.all(services.map((service) => client.sendRequest(serviceLinkedRolesRequest, { servicePrincipal: service.service.ServicePrincipal ?? '' })));
        return { nodes: services.map((service, index) => new TrustedServiceNode(service, roles[index])) };
      },
      takes: (change) => (affects(change, ['trustedServices']) ? 'everything' : 'nothing'),
    }));

    this.subscriptions.push(
      this.organization, this.policies, this.invitations, this.services,
      events.onDidChangeConnection((info) => this.setConnection(info)),
      events.onDidChangeOrganization((change) => void this.applyChange(change)),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('awsOrganizations.pageSize') && this.organization.provider.refresh()),
    );
    void this.setContext('connectionState', undefined);
    client.sendRequest(connectionRequest).then((info) => this.setConnection(info), (error) => log.error(`Could not get the connection: ${errorMessage(error)}`));
  }

  get views(): ExplorerView[] {
    return [this.organization, this.policies, this.invitations, this.services];
  }

  get connection(): ConnectionInfo | undefined {
    return this.connectionInfo;
  }

  /** The view a node belongs to. */
  viewOf(node: ExplorerNode): ExplorerView | undefined {
    return this.views.find((view) => view.owns(node));
  }

  /** Reloads every view from the server's cache. */
  refreshAll(): void {
    for (const view of this.views) view.provider.refresh();
  }

  /**
   * Shows a root, OU or account in the Organization view: loads the pages of each ancestor's children
   * until it is there, then reveals it. Answers the node, or undefined when the organization has no such node.
   */
  reveal(id: string, options: { select?: boolean; focus?: boolean; expand?: boolean | number } = { select: true, focus: true }): Promise<ExplorerNode | undefined> {
    const next = this.revealing.then(() => this.revealNow(id, options));
    this.revealing = next.catch(() => undefined);
    return next;
  }

  private async revealNow(id: string, options: { select?: boolean; focus?: boolean; expand?: boolean | number }): Promise<ExplorerNode | undefined> {
    for (let attempt = 1; ; attempt++) {
      const node = await this.load(id);
      if (!node) return undefined;
      await this.organization.treeView.reveal(node, options);
      // VS Code drops a reveal that meets a redraw of the same nodes: reveal again once it has settled.
      if (!options.select || attempt === 3 || (await this.selects(node.id, 2000))) return node;
      log.debug(`Revealing ${id} again (attempt ${attempt + 1}): the view was redrawing`);
    }
  }

  /** Loads the node of a root, OU or account and every ancestor's children down to it, redrawing what the view shows. */
  private async load(id: string): Promise<ExplorerNode | undefined> {
    const [self, ancestors] = await Promise.all([
      this.client.sendRequest(nodeRequest, { id }),
      this.client.sendRequest(ancestorsRequest, { id }),
    ]);
    if (!self) return undefined;
    const { provider } = this.organization;
    let parent: ExplorerNode | undefined;
    for (const data of [...ancestors, self]) {
      const { child, changed } = await provider.findChild(parent, hierarchyId(data));
      if (!child) return undefined;
      if (changed && this.organization.isExpanded(parent)) await provider.redraw(parent);
      parent = child;
    }
    return parent;
  }

  /** Whether the Organization view selects the node with this id now or within `ms` milliseconds. */
  private selects(id: string, ms: number): Promise<boolean> {
    const { treeView } = this.organization;
    if (treeView.selection.some((node) => node.id === id)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(false), ms);
      const listener = treeView.onDidChangeSelection(({ selection }) => selection.some((node) => node.id === id) && done(true));
      function done(selected: boolean) {
        clearTimeout(timer);
        listener.dispose();
        resolve(selected);
      }
    });
  }

  private async setConnection(info: ConnectionInfo): Promise<void> {
    const previous = this.connectionInfo;
    this.connectionInfo = info;
    await this.setContext('connectionState', info.state);
    await this.setContext('consoleAvailable', isAwsConsoleReachable(info));
    if (previous?.state !== info.state || previous?.organization?.Id !== info.organization?.Id || previous?.label !== info.label) {
      this.refreshAll();
    }
  }

  private async applyChange(change: OrganizationChange): Promise<void> {
    log.debug(`Organization changed (${change.cause}): ${change.ids?.join(', ') ?? 'everything'} [${change.scopes?.join(', ') ?? 'all'}]`);
    if (!change.ids || change.scopes?.includes('organization')) {
      // The organization's own details (its management account, its ID) may have changed with it.
      try {
        this.connectionInfo = await this.client.sendRequest(connectionRequest);
      } catch (error) {
        log.warn(`Could not get the connection: ${errorMessage(error)}`);
      }
    }
    for (const view of this.views) {
      const takes = view.provider.source.takes(change);
      if (takes === 'everything') view.provider.refresh();
      else if (takes === 'named') view.provider.applyChange(change.ids!);
    }
    const changed = change.ids?.find((id) => hierarchyIdPattern.test(id));
    if (changed && (change.cause === 'client' || change.cause === 'endpoint') && this.organization.treeView.visible) {
      this.reveal(changed, { select: change.cause === 'client', focus: false }).catch((error) => log.warn(`Could not reveal ${changed}: ${errorMessage(error)}`));
    }
  }

  private setContext(key: string, value: unknown): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', `awsOrganizations.${key}`, value);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** What a read answers, or `none` when the account is in no organization (AWS's AWSOrganizationsNotInUseException). */
async function whileOrganization<T>(read: Promise<T>, none: T): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if ((error as { data?: OrganizationsErrorData }).data?.name === 'AWSOrganizationsNotInUseException') return none;
    throw error;
  }
}

/** Whether the AWS console shows this connection's organization: real AWS through a profile, not another endpoint. */
function isAwsConsoleReachable(info: ConnectionInfo): boolean {
  if (info.spec.kind !== 'profile' || info.state !== 'connected') return false;
  if (!info.endpoint) return true;
  try {
    return /(^|\.)(amazonaws\.com|amazonaws\.com\.cn)$/.test(new URL(info.endpoint).hostname);
  } catch {
    return false;
  }
}
