/**
 * Drag and drop in the Organization view: one or several accounts dropped onto the root or an OU move
 * there (`MoveAccount`), after a confirmation naming source and destination. Other drops are refused
 * with the reason, and so is every move to a remote organization from an untrusted workspace.
 */
import * as vscode from 'vscode';
import { mutationRequest } from '../../../server/src/protocol';
import { errorMessage, untrustedRefusal } from '../failures';
import { log } from '../log';
import { nameAndId } from './format';
import { ExplorerContext, ExplorerNode } from './node';
import { AccountNode, HierarchyNode, OrganizationalUnitNode, RootNode } from './organizationNodes';

/** The Organization view's own MIME type: `application/vnd.code.tree.<view id in lower case>`. */
export const organizationMimeType = 'application/vnd.code.tree.awsorganizations.organization';

export class OrganizationDragAndDrop implements vscode.TreeDragAndDropController<ExplorerNode> {
  readonly dragMimeTypes = [organizationMimeType];
  readonly dropMimeTypes = [organizationMimeType];

  /** `viewId`: the Organization view, where the moves show their progress. */
  constructor(private readonly context: ExplorerContext, private readonly viewId: string) {}

  handleDrag(source: readonly ExplorerNode[], dataTransfer: vscode.DataTransfer): void {
    dataTransfer.set(organizationMimeType, new vscode.DataTransferItem(source));
  }

  async handleDrop(target: ExplorerNode | undefined, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const dragged = dataTransfer.get(organizationMimeType)?.value as ExplorerNode[] | undefined;
    if (!dragged?.length) return;
    const refusal = untrustedRefusal(vscode.workspace.isTrusted, this.context.connection?.spec.kind, 'moving accounts in a remote organization is disabled') ?? refuse(dragged, target);
    if (refusal) {
      void vscode.window.showWarningMessage(refusal);
      return;
    }
    const destination = target as RootNode | OrganizationalUnitNode;
    const accounts = (dragged as AccountNode[]).filter((account) => account.parentId !== destination.awsId);
    if (!(await this.confirm(accounts, destination)) || token.isCancellationRequested) return;
    await this.move(accounts, destination);
  }

  private async confirm(accounts: AccountNode[], destination: HierarchyNode): Promise<boolean> {
    if (!vscode.workspace.getConfiguration('awsOrganizations').get<boolean>('confirmDragAndDrop', true)) return true;
    const what = accounts.length === 1 ? nameAndId(accounts[0].name, accounts[0].awsId) : `${accounts.length} accounts`;
    const detail = accounts.map((account) => `${nameAndId(account.name, account.awsId)}: from ${nameAndId(parentName(account), account.parentId)}`).join('\n') +
      `\n\nThe policies that apply to ${accounts.length === 1 ? 'it' : 'them'} change with the new parent.`;
    const choice = await vscode.window.showWarningMessage(
      `Move ${what} to ${nameAndId(destination.name, destination.awsId)}?`, { modal: true, detail }, 'Move');
    return choice === 'Move';
  }

  /** Moves the accounts one by one; the server's change notification updates the tree and reveals them. */
  private async move(accounts: AccountNode[], destination: HierarchyNode): Promise<void> {
    const failures: string[] = [];
    await vscode.window.withProgress({ location: { viewId: this.viewId } }, async () => {
      for (const account of accounts) {
        try {
          await this.context.client.sendRequest(mutationRequest('MoveAccount'), {
            AccountId: account.awsId, SourceParentId: account.data.parentId, DestinationParentId: destination.awsId,
          });
          log.info(`Moved ${account.awsId} from ${account.parentId} to ${destination.awsId}`);
        } catch (error) {
          log.error(`Could not move ${account.awsId} to ${destination.awsId}: ${errorMessage(error)}`);
          failures.push(`${nameAndId(account.name, account.awsId)}: ${errorMessage(error)}`);
        }
      }
    });
    if (failures.length) {
      const choice = await vscode.window.showErrorMessage(`Could not move ${failures.join('; ')}`, 'Show Log');
      if (choice) log.show();
    }
  }
}

/** The name of an account's parent, from the tree the account was dragged from. */
function parentName(account: AccountNode): string | undefined {
  return account.parent instanceof HierarchyNode ? account.parent.name : undefined;
}

/** Why a drop cannot move anything, or undefined when it can. */
export function refuse(dragged: readonly ExplorerNode[], target: ExplorerNode | undefined): string | undefined {
  if (dragged.some((node) => !(node instanceof AccountNode))) {
    return 'Only accounts can be moved: AWS Organizations has no operation that moves an OU or a policy.';
  }
  if (!(target instanceof RootNode || target instanceof OrganizationalUnitNode)) {
    return 'Drop accounts onto the root or an OU to move them there.';
  }
  const accounts = dragged as AccountNode[];
  if (accounts.every((account) => account.parentId === target.awsId)) {
    return `${accounts.length === 1 ? `${nameAndId(accounts[0].name, accounts[0].awsId)} is` : 'These accounts are'} already in ${nameAndId(target.name, target.awsId)}.`;
  }
  return undefined;
}
