/**
 * What every view of the explorer is made of: the node base class (one subclass per kind of entity),
 * and the three items a view shows besides entities: an empty placeholder, a per-node error with retry,
 * and "Load more" for paged children.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { Organization } from '@aws-sdk/client-organizations';
import type { ConnectionInfo } from '../../../server/src/protocol';
import { errorMessage } from '../failures';
import { ConsolePage } from './format';

/** What nodes need to load their children and word themselves. */
export interface ExplorerContext {
  readonly client: BaseLanguageClient;
  /** The current connection, as the server last reported it. */
  readonly connection: ConnectionInfo | undefined;
  /** The connected organization (its management account marks an account). */
  readonly organization: Organization | undefined;
  /** How many children to load at a time (the `awsOrganizations.pageSize` setting). */
  pageSize(): number;
}

/** A page of children; `nextToken` means more can be loaded. */
export interface Page {
  nodes: ExplorerNode[];
  nextToken?: string;
}

export abstract class ExplorerNode {
  constructor(readonly parent: ExplorerNode | undefined) {}

  /** Unique within its view and stable across refreshes, so that expansion and selection survive them. */
  abstract readonly id: string;

  /** The AWS identifier of what the node shows (account, OU, root, policy or handshake ID, service principal). */
  get awsId(): string | undefined {
    return undefined;
  }

  get arn(): string | undefined {
    return undefined;
  }

  /** The console page that shows this node, if the console has one. */
  get consolePage(): ConsolePage | undefined {
    return undefined;
  }

  /** The tree item, without `id` (the provider sets it). */
  abstract treeItem(): vscode.TreeItem;

  /** Loads a page of children; leaves do not override it. */
  loadChildren?(nextToken: string | undefined): Promise<Page>;

  /** Shown as the only child when there are none. */
  readonly emptyLabel: string = 'Nothing here';

  /** Fetches the node's own data again after it changed; nodes that cannot are reloaded through their parent. */
  reload?(): Promise<boolean>;

  /** Details that cost a request, filled in when the tooltip is first shown. */
  resolveTooltip?(): Promise<vscode.MarkdownString | undefined>;

  /** True when `ancestor` is this node or one of its ancestors. */
  isWithin(ancestor: ExplorerNode): boolean {
    return this === ancestor || this.id === ancestor.id || (this.parent?.isWithin(ancestor) ?? false);
  }
}

/** An item standing among a node's children for something else than an entity; its id is the parent's and a suffix. */
abstract class StandInNode extends ExplorerNode {
  readonly id: string;

  constructor(parent: ExplorerNode | undefined, suffix: string) {
    super(parent);
    this.id = `${parent?.id ?? ''}/${suffix}`;
  }
}

/** The only child of a node that has none, e.g. "No policies attached". */
export class PlaceholderNode extends StandInNode {
  constructor(parent: ExplorerNode | undefined, readonly label: string) {
    super(parent, 'placeholder');
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.contextValue = 'placeholder';
    return item;
  }
}

/** Replaces the children that failed to load: clicking retries, the inline action opens the log. */
export class ErrorNode extends StandInNode {
  constructor(parent: ExplorerNode | undefined, readonly error: unknown) {
    super(parent, 'error');
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Failed to load (click to retry)', vscode.TreeItemCollapsibleState.None);
    item.description = errorMessage(this.error);
    item.tooltip = new vscode.MarkdownString().appendText(errorMessage(this.error)).appendMarkdown('\n\nThe log has the details.');
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconErrored'));
    item.contextValue = 'error';
    item.command = { title: 'Retry', command: 'awsOrganizations.retry', arguments: [this] };
    return item;
  }
}

/** The last child of a node whose children are not all loaded yet. */
export class LoadMoreNode extends StandInNode {
  constructor(parent: ExplorerNode | undefined, readonly loaded: number) {
    super(parent, 'loadMore');
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.description = `${this.loaded} loaded`;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'loadMore';
    item.command = { title: 'Load More', command: 'awsOrganizations.loadMore', arguments: [this] };
    return item;
  }
}
