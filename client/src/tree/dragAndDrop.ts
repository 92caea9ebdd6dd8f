/**
 * Drag and drop in the Organization view: one or several accounts dropped onto the root or an OU move there
 * (`MoveAccount`), after one confirmation that names where each comes from and what the move does to their
 * permissions. Other drops are refused with the reason, and so is every move to a remote organization from an
 * untrusted workspace.
 *
 * The drag carries plain data (the accounts' IDs, names and parents) under its own MIME type: the workbench
 * serializes what `handleDrag` adds, and a tree node, which reaches the language client, cannot be serialized.
 * The view's own MIME type (`application/vnd.code.tree.<view id>`) is filled by VS Code itself.
 */
import * as vscode from 'vscode';
import { untrustedRefusal } from '../failures';
import { moveAccounts, type MovedAccount } from '../commands/moves';
import { reportFailure } from '../commands/failureReport';
import { ExplorerContext, ExplorerNode } from './node';
import { AccountNode, HierarchyNode, OrganizationalUnitNode, RootNode } from './organizationNodes';

/** The Organization view's own MIME type: `application/vnd.code.tree.<view id in lower case>`. */
export const organizationMimeType = 'application/vnd.code.tree.awsorganizations.organization';
/** What a drag from the Organization view carries: JSON of `DraggedNode[]`. */
export const draggedNodesMimeType = 'application/vnd.aws-organizations.nodes+json';

/** A dragged node as data: an account with its parent, or anything else by kind. */
export type DraggedNode = ({ kind: 'account' } & MovedAccount) | { kind: 'other'; id: string };

export class OrganizationDragAndDrop implements vscode.TreeDragAndDropController<ExplorerNode> {
  readonly dragMimeTypes = [draggedNodesMimeType];
  readonly dropMimeTypes = [organizationMimeType];

  /** `viewId`: the Organization view, where the moves show their progress. */
  constructor(private readonly context: ExplorerContext, private readonly viewId: string) {}

  handleDrag(source: readonly ExplorerNode[], dataTransfer: vscode.DataTransfer): void {
    const dragged: DraggedNode[] = source.map((node) => (node instanceof AccountNode
      ? { kind: 'account', id: node.awsId, name: node.name, parentId: node.data.parentId }
      : { kind: 'other', id: node.id }));
    dataTransfer.set(draggedNodesMimeType, new vscode.DataTransferItem(JSON.stringify(dragged)));
  }

  async handleDrop(target: ExplorerNode | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const text = await dataTransfer.get(draggedNodesMimeType)?.asString();
    if (!text) return;
    const dragged = JSON.parse(text) as DraggedNode[];
    const refusal = untrustedRefusal(vscode.workspace.isTrusted, this.context.connection?.spec.kind, 'moving accounts in a remote organization is disabled') ?? refuse(dragged, target);
    if (refusal) {
      void vscode.window.showWarningMessage(refusal);
      return;
    }
    if (token.isCancellationRequested) return;
    const confirmations = vscode.workspace.getConfiguration('awsOrganizations').get<boolean>('confirmDragAndDrop', true);
    try {
      await moveAccounts(this.context.client, dragged as MovedAccount[], (target as HierarchyNode).awsId, { onlyIfLockout: !confirmations, viewId: this.viewId });
    } catch (error) {
      if (!(error instanceof vscode.CancellationError)) reportFailure('awsOrganizations.moveAccount', error);
    }
  }
}

/** Why a drop cannot move anything, or undefined when it can. */
export function refuse(dragged: readonly DraggedNode[], target: ExplorerNode | undefined): string | undefined {
  if (dragged.some((node) => node.kind !== 'account')) {
    return 'Only accounts can be moved: AWS Organizations has no operation that moves an OU or a policy.';
  }
  if (!(target instanceof RootNode || target instanceof OrganizationalUnitNode)) {
    return 'Drop accounts onto the root or an OU to move them there.';
  }
  const accounts = dragged as readonly MovedAccount[];
  if (accounts.every((account) => account.parentId === target.awsId)) {
    const what = accounts.length === 1 ? `${accounts[0].name ?? accounts[0].id} is` : 'These accounts are';
    return `${what} already in ${target.name ?? target.awsId}.`;
  }
  return undefined;
}
