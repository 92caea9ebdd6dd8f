/** The explorer's own commands: refresh, find, load more, retry, copy ID or ARN, open in the AWS console, reveal. */
import * as vscode from 'vscode';
import { refreshRequest } from '../../../server/src/protocol';
import type { OrganizationExplorer } from '../tree/explorer';
import { findInOrganization } from '../tree/find';
import { consoleUrl } from '../tree/format';
import { ErrorNode, ExplorerNode, LoadMoreNode } from '../tree/node';
import type { CommandFactory } from './commands';

/**
 * The nodes a command acts on: those selected when it ran from a multi-selection's context menu, the
 * clicked one, or, from the palette, what is selected in the explorer's views.
 */
function nodesOf(explorer: OrganizationExplorer, node: unknown, selected: unknown): ExplorerNode[] {
  if (Array.isArray(selected) && selected.length) return selected.filter((item) => item instanceof ExplorerNode);
  if (node instanceof ExplorerNode) return [node];
  return explorer.views.flatMap((view) => view.treeView.selection);
}

/** Copies one value per node, or says that none of the nodes has one. */
async function copy(nodes: ExplorerNode[], what: string, value: (node: ExplorerNode) => string | undefined): Promise<void> {
  const values = nodes.map(value).filter((text): text is string => !!text);
  if (!values.length) {
    void vscode.window.showInformationMessage(`${nodes.length ? 'The selection has' : 'Select a node of the AWS Organizations views: it has'} no ${what} to copy.`);
    return;
  }
  await vscode.env.clipboard.writeText(values.join('\n'));
  vscode.window.setStatusBarMessage(`Copied ${values.length === 1 ? values[0] : `${values.length} ${what}s`}`, 3000);
}

export const treeCommands: Record<string, CommandFactory> = {
  'awsOrganizations.refresh': ({ client, explorer }) => async () => {
    try {
      // The server reloads and announces the change; the views follow its notification.
      await client.sendRequest(refreshRequest, {});
    } catch (error) {
      explorer.refreshAll();
      throw error;
    }
  },

  'awsOrganizations.refreshNode': ({ client, explorer }) => async (node?: ExplorerNode) => {
    for (const target of nodesOf(explorer, node, undefined)) {
      if (target.awsId) await client.sendRequest(refreshRequest, { id: target.awsId });
      explorer.viewOf(target)?.provider.refresh(target);
    }
  },

  'awsOrganizations.retry': ({ explorer }) => (node: ErrorNode) => explorer.viewOf(node)?.provider.retry(node),

  'awsOrganizations.loadMore': ({ explorer }) => (node: LoadMoreNode) => explorer.viewOf(node)?.provider.loadMore(node.parent),

  'awsOrganizations.find': ({ explorer }) => (query?: unknown) => findInOrganization(explorer, typeof query === 'string' ? query : ''),

  'awsOrganizations.copyId': ({ explorer }) => (node?: ExplorerNode, selected?: ExplorerNode[]) =>
    copy(nodesOf(explorer, node, selected), 'ID', (target) => target.awsId),

  'awsOrganizations.copyArn': ({ explorer }) => (node?: ExplorerNode, selected?: ExplorerNode[]) =>
    copy(nodesOf(explorer, node, selected), 'ARN', (target) => target.arn),

  'awsOrganizations.openInConsole': ({ explorer }) => async (node?: ExplorerNode) => {
    const page = nodesOf(explorer, node, undefined).find((target) => target.consolePage)?.consolePage;
    if (!page) {
      void vscode.window.showInformationMessage('The AWS console has no page for the selection.');
      return;
    }
    await vscode.env.openExternal(consoleUrl(page));
  },

  'awsOrganizations.revealInOrganization': ({ explorer }) => async (node?: ExplorerNode) => {
    const id = node?.awsId;
    if (id && !(await explorer.reveal(id))) void vscode.window.showWarningMessage(`${id} is not in the organization.`);
  },
};
