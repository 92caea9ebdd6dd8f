/**
 * The tree data provider every view of the explorer shares: lazy children loaded a page at a time and
 * cached per node, an error item in place of children that failed to load, a placeholder for none, and
 * refreshes that reload only the nodes a change names.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../failures';
import { log } from '../log';
import type { OrganizationChange } from '../serverEvents';
import { ErrorNode, ExplorerNode, LoadMoreNode, Page, PlaceholderNode } from './node';

export interface ViewSource {
  /** Loads a page of the view's top level. An empty top level leaves the view to its welcome content. */
  loadTop(nextToken: string | undefined): Promise<Page>;
  /** False while the view has nothing to show (e.g. not connected): its welcome content explains why. */
  shown(): boolean;
  /** What a change does to the view: nothing, reload everything, or reload the nodes showing the IDs it names. */
  takes(change: OrganizationChange): 'nothing' | 'everything' | 'named';
}

interface ChildList {
  nodes: ExplorerNode[];
  nextToken?: string;
  error?: unknown;
}

/** The key of a node's child list: its id, or '' for the view's top level. */
function keyOf(node: ExplorerNode | undefined): string {
  return node?.id ?? '';
}

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | ExplorerNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly served = new vscode.EventEmitter<string>();
  /** Fires the key of a child list each time the view has been given it. */
  readonly onDidServeChildren = this.served.event;

  private readonly lists = new Map<string, ChildList>();
  private readonly loading = new Map<string, Promise<ChildList>>();
  private readonly loadingMore = new Map<string, Promise<void>>();
  /** The nodes the view was last given, by id: a change event must carry the very object the view knows. */
  private readonly live = new Map<string, ExplorerNode>();
  /** Nodes whose own data changed: their tree item is rebuilt from fresh data when the view asks for it. */
  private readonly stale = new WeakSet<ExplorerNode>();

  constructor(readonly source: ViewSource) {}

  dispose(): void {
    this.changed.dispose();
    this.served.dispose();
  }

  async getTreeItem(node: ExplorerNode): Promise<vscode.TreeItem> {
    if (this.stale.has(node) && node.reload) {
      this.stale.delete(node);
      await node.reload().catch((error) => log.warn(`Could not reload ${node.id}: ${errorMessage(error)}`));
    }
    const item = node.treeItem();
    item.id = node.id;
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): Promise<vscode.TreeItem> {
    if (node.resolveTooltip) {
      try {
        item.tooltip = (await node.resolveTooltip()) ?? item.tooltip;
      } catch (error) {
        log.warn(`Could not load the details of ${node.id}: ${errorMessage(error)}`);
      }
    }
    return item;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node && !this.source.shown()) return [];
    if (node && !node.loadChildren) return [];
    const list = await this.list(node);
    const children = [...list.nodes];
    if (list.error) children.push(new ErrorNode(node, list.error));
    else if (list.nextToken) children.push(new LoadMoreNode(node, list.nodes.length));
    else if (!children.length && node) children.push(new PlaceholderNode(node, node.emptyLabel));
    this.register(node, children);
    this.served.fire(keyOf(node));
    return children;
  }

  /** The node the view was last given with this id. */
  node(id: string): ExplorerNode | undefined {
    return this.live.get(id);
  }

  /** The nodes the view was last given that show this AWS ID. */
  nodesFor(awsId: string): ExplorerNode[] {
    return [...this.live.values()].filter((node) => node.awsId === awsId);
  }

  /** Drops the cached children of `node` and below (everything when absent) and redraws it. */
  refresh(node?: ExplorerNode): void {
    this.invalidate(node);
    if (node?.reload) this.stale.add(node);
    this.changed.fire(node);
  }

  /** Loads the next page of a node's children after its "Load more" item. */
  async loadMore(parent: ExplorerNode | undefined): Promise<void> {
    const key = keyOf(parent);
    const list = this.lists.get(key);
    if (!list?.nextToken) return;
    let pending = this.loadingMore.get(key);
    if (!pending) {
      pending = this.appendPage(parent, list).finally(() => this.loadingMore.delete(key));
      this.loadingMore.set(key, pending);
    }
    await pending;
    this.changed.fire(parent);
  }

  /** Retries what an error item stands for: the next page when some were loaded, else the whole list. */
  async retry(error: ErrorNode): Promise<void> {
    const list = this.lists.get(keyOf(error.parent));
    if (list?.error && list.nextToken && list.nodes.length) {
      list.error = undefined;
      await this.loadMore(error.parent);
    } else {
      this.refresh(error.parent);
    }
  }

  /**
   * Applies a change the server announced: each node showing a named AWS ID reloads its own data and
   * children (or, when it cannot reload itself, its parent's children), and only those nodes redraw.
   */
  applyChange(ids: string[]): void {
    const named = new Set(ids);
    const targets: (ExplorerNode | undefined)[] = [];
    for (const node of this.live.values()) {
      if (!node.awsId || !named.has(node.awsId)) continue;
      if (node.reload) this.stale.add(node);
      targets.push(node.reload ? node : node.parent);
    }
    if (targets.includes(undefined)) {
      this.refresh();
      return;
    }
    const nodes = targets as ExplorerNode[];
    // A node inside another target is reloaded with it.
    const outermost = nodes.filter((node, index) =>
      !nodes.some((other, otherIndex) => otherIndex !== index && node.parent?.isWithin(other)) &&
      nodes.findIndex((other) => other.id === node.id) === index);
    if (!outermost.length) return;
    for (const node of outermost) this.invalidate(node);
    this.changed.fire(outermost);
  }

  /**
   * Finds a child among a node's children, loading further pages, or reloading a list that is out of
   * date, until it is there. Answers the child and whether the list changed (the view must redraw it).
   */
  async findChild(parent: ExplorerNode | undefined, childId: string): Promise<{ child?: ExplorerNode; changed: boolean }> {
    let changed = false;
    let reloaded = false;
    for (;;) {
      const list = await this.list(parent);
      const child = list.nodes.find((node) => node.id === childId);
      if (child) return { child, changed };
      if (list.nextToken && !list.error) {
        await this.appendPage(parent, list);
      } else if (!reloaded) {
        this.invalidate(parent);
        reloaded = true;
      } else {
        return { changed };
      }
      changed = true;
    }
  }

  /** Redraws a node's children after `findChild` changed them, answering once the view has fetched them. */
  async redraw(parent: ExplorerNode | undefined, deadlineMs = 5000): Promise<void> {
    const key = keyOf(parent);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, deadlineMs);
      const listener = this.served.event((served) => served === key && done());
      function done() {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      }
      this.changed.fire(parent);
    });
  }

  private list(node: ExplorerNode | undefined): Promise<ChildList> {
    const key = keyOf(node);
    const cached = this.lists.get(key);
    if (cached) return Promise.resolve(cached);
    let pending = this.loading.get(key);
    if (!pending) {
      const load: Promise<ChildList> = this.loadPage(node, undefined).then(
        (page): ChildList => ({ nodes: page.nodes, nextToken: page.nextToken }),
        (error): ChildList => {
          log.error(`Could not load the children of ${key || 'the view'}: ${errorMessage(error)}`);
          return { nodes: [], error };
        },
      ).then((list) => {
        // A refresh while this load was under way made it out of date: keep it out of the cache.
        if (this.loading.get(key) === load) {
          this.loading.delete(key);
          this.lists.set(key, list);
        }
        return list;
      });
      pending = load;
      this.loading.set(key, load);
    }
    return pending;
  }

  private loadPage(node: ExplorerNode | undefined, nextToken: string | undefined): Promise<Page> {
    return node ? node.loadChildren!(nextToken) : this.source.loadTop(nextToken);
  }

  private async appendPage(parent: ExplorerNode | undefined, list: ChildList): Promise<void> {
    try {
      const page = await this.loadPage(parent, list.nextToken);
      list.nodes.push(...page.nodes);
      list.nextToken = page.nextToken;
    } catch (error) {
      log.error(`Could not load more children of ${keyOf(parent) || 'the view'}: ${errorMessage(error)}`);
      list.error = error;
    }
  }

  /** Records the children the view was given, forgetting those of the same parent it no longer shows. */
  private register(parent: ExplorerNode | undefined, children: ExplorerNode[]): void {
    const key = keyOf(parent);
    const shown = new Set(children.map((child) => child.id));
    for (const [id, node] of this.live) {
      if (keyOf(node.parent) === key && !shown.has(id)) this.live.delete(id);
    }
    for (const child of children) this.live.set(child.id, child);
  }

  private invalidate(node: ExplorerNode | undefined): void {
    if (!node) {
      this.lists.clear();
      this.loading.clear();
      return;
    }
    for (const key of new Set([...this.lists.keys(), ...this.loading.keys()])) {
      const owner = this.live.get(key);
      if (key === node.id || owner?.isWithin(node)) {
        this.lists.delete(key);
        this.loading.delete(key);
      }
    }
  }
}
