/** Find: a quick pick over every account and OU of the organization by name, ID or email, revealing the pick in the tree. */
import * as vscode from 'vscode';
import { OrganizationNode, findRequest } from '../../../server/src/protocol';
import { errorMessage } from '../failures';
import { log } from '../log';
import type { OrganizationExplorer } from './explorer';
import { nameAndId, words } from './format';
import { hierarchyId, hierarchyName } from './organizationNodes';

interface FoundItem extends vscode.QuickPickItem {
  id: string;
}

const icons: Record<OrganizationNode['kind'], string> = { root: 'root-folder', organizationalUnit: 'folder', account: 'account' };

function foundItem(node: OrganizationNode): FoundItem {
  const id = hierarchyId(node);
  const description = node.kind === 'account'
    ? [node.account.Email, node.account.State && node.account.State !== 'ACTIVE' ? words(node.account.State) : undefined].filter(Boolean).join(' · ')
    : node.kind === 'organizationalUnit' ? 'OU' : 'root';
  // The server matched names, IDs and emails: the quick pick's own filter must not hide what it found.
  return { id, label: `$(${icons[node.kind]}) ${nameAndId(hierarchyName(node), id)}`, description, alwaysShow: true };
}

/** Opens the quick pick, optionally with a query already typed; answers once the pick is revealed or dismissed. */
export function findInOrganization(explorer: OrganizationExplorer, query = ''): Promise<void> {
  const pick = vscode.window.createQuickPick<FoundItem>();
  pick.title = 'Find in Organization';
  pick.placeholder = 'Name, ID or email of an account or OU';
  pick.matchOnDescription = true;
  let searched = 0;

  const search = async (value: string) => {
    const search = ++searched;
    if (!value.trim()) {
      pick.items = [];
      pick.busy = false;
      return;
    }
    pick.busy = true;
    try {
      const found = await explorer.client.sendRequest(findRequest, { query: value.trim(), limit: 200 });
      if (search !== searched) return;
      pick.items = found.map(foundItem);
    } catch (error) {
      if (search !== searched) return;
      log.error(`Find failed: ${errorMessage(error)}`);
      pick.items = [{ id: '', label: `$(error) ${errorMessage(error)}`, alwaysShow: true }];
    } finally {
      if (search === searched) pick.busy = false;
    }
  };

  return new Promise<void>((resolve) => {
    let accepted = false;
    pick.onDidChangeValue((value) => void search(value));
    pick.onDidAccept(async () => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!item?.id) return;
      accepted = true;
      pick.hide();
      try {
        const node = await explorer.reveal(item.id, { select: true, focus: true });
        if (!node) void vscode.window.showWarningMessage(`${item.id} is no longer in the organization.`);
      } catch (error) {
        log.error(`Could not reveal ${item.id}: ${errorMessage(error)}`);
        void vscode.window.showErrorMessage(`Could not reveal ${item.id}: ${errorMessage(error)}`);
      }
      resolve();
    });
    pick.onDidHide(() => {
      pick.dispose();
      if (!accepted) resolve();
    });
    pick.value = query;
    pick.show();
    void search(query);
  });
}
