/**
 * The server's notifications as VS Code events. The language client keeps a single handler per
 * notification method (a second registration replaces the first), so each notification is registered
 * here once and every part of the extension that cares subscribes to the event instead.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { NotificationType } from 'vscode-languageclient';
import { ConnectionInfo, connectionChangedNotification, organizationChangedNotification } from '../../server/src/protocol';

/** What `organizationChanged` carries: the IDs and parts of the organization that changed, and why. */
export type OrganizationChange = typeof organizationChangedNotification extends NotificationType<infer P> ? P : never;

export class ServerEvents implements vscode.Disposable {
  private readonly connection = new vscode.EventEmitter<ConnectionInfo>();
  private readonly organization = new vscode.EventEmitter<OrganizationChange>();
  private readonly registrations: vscode.Disposable[];

  /** The connection changed state (connected, credentials expired, switched, ...). */
  readonly onDidChangeConnection = this.connection.event;
  /** The organization changed: by a command, through the local endpoint, or found on refresh. */
  readonly onDidChangeOrganization = this.organization.event;

  constructor(client: BaseLanguageClient) {
    this.registrations = [
      client.onNotification(connectionChangedNotification, (info) => this.connection.fire(info)),
      client.onNotification(organizationChangedNotification, (change) => this.organization.fire(change)),
    ];
  }

  dispose(): void {
    for (const disposable of [...this.registrations, this.connection, this.organization]) disposable.dispose();
  }
}
