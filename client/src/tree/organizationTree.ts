/** The Organization view: the tree of the organization that the language server holds. */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { serverStatusRequest } from '../../../server/src/protocol';

/** The first node: which organization the view shows and how fresh the server's IAM catalog is. */
export class OrganizationTree implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  async getChildren(item?: vscode.TreeItem): Promise<vscode.TreeItem[]> {
    if (item) return [];
    const status = await this.client.sendRequest(serverStatusRequest);
    const node = new vscode.TreeItem('Embedded organization', vscode.TreeItemCollapsibleState.None);
    node.id = 'connection/embedded';
    node.iconPath = new vscode.ThemeIcon('organization');
    node.description = `server ${status.version}`;
    node.tooltip = new vscode.MarkdownString(`IAM action catalog: \`${status.catalogVersion}\``);
    node.contextValue = 'connection';
    return [node];
  }
}
