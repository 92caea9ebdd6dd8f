/**
 * Billing of a generated organization of 10,000 accounts and 2,000 OUs over twelve months, on the embedded
 * connection (the real Cost Explorer and Organizations clients through the in-memory handler): reading the costs
 * by account through every page of GetCostAndUsage, rolling them up the tree, rendering the root's page, the
 * first report (hierarchy and costs loaded) and a report of another node from the loaded data.
 */
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { renderBilling } from '../../client/src/billing/render';
import { addMonths } from '../../server/src/aws/months';
import { generateOrganization } from '../../server/src/emulator/seeds';
import { billingOf, buildReport, readCosts, rollUp, type BillingHierarchy } from '../../server/src/organizations/billing';
import { OrganizationConnection } from '../../server/src/organizations/connection';
import { elapsedMs, type Figure } from './support';

export async function run(): Promise<Figure[]> {
  const now = new Date('2026-06-16T12:00:00Z');
  const months = Array.from({ length: 12 }, (_, index) => addMonths('2025-07', index));
  const connection = await OrganizationConnection.open({ kind: 'embedded' }, { embedded: { engine: { clock: () => now } } });
  try {
    const engine = connection.embedded!.engine;
    engine.importState(generateOrganization({ accounts: 10_000, ous: 2_000, policies: 0, depth: 5, now }));
    await connection.check();

    let start = process.hrtime.bigint();
    const first = await billingOf(connection, () => now).report({ start: months[0], end: months[11], stackBy: 'account' });
    const firstReportMs = elapsedMs(start);
    const ouId = first.children.find((child) => child.kind === 'organizationalUnit')!.id;
    start = process.hrtime.bigint();
    await billingOf(connection).report({ start: months[0], end: months[11], nodeId: ouId, stackBy: 'account' });
    const loadedReportMs = elapsedMs(start);

    const client = new CostExplorerClient({ ...connection.clientConfig, region: 'us-east-1' });
    start = process.hrtime.bigint();
    const costs = await readCosts(client, months, false);
    const readMs = elapsedMs(start);

    const hierarchy: BillingHierarchy = engine.transact('read', (tx) => ({
      root: { id: tx.values('roots')[0].Id, name: 'Root' },
      organizationalUnits: tx.values('organizationalUnits').map((ou) => ({ id: ou.Id, name: ou.Name, parentId: ou.ParentId })),
      accounts: tx.values('accounts').filter((account) => account.ParentId).map((account) => ({ id: account.Id, name: account.Name, parentId: account.ParentId! })),
    }));
    start = process.hrtime.bigint();
    const tree = rollUp(hierarchy, costs.byAccount, months.length, costs.names);
    const report = buildReport({ tree, costs, scope: 'organization' }, undefined, 'account');
    const rollUpMs = elapsedMs(start);
    start = process.hrtime.bigint();
    const html = renderBilling(report, { nonce: 'bench', cspSource: 'vscode-webview:', stackBy: 'account' });
    const renderMs = elapsedMs(start);
    if (!html.includes('<svg') || costs.byAccount.size !== 10_000) throw new Error('the benchmark did not read and render every account');

    return [
      { name: 'billing.accounts', value: costs.byAccount.size, unit: 'accounts' },
      { name: 'billing.cost_explorer_read_12_months_ms', value: readMs, unit: 'ms' },
      { name: 'billing.rollup_12_months_ms', value: rollUpMs, unit: 'ms' },
      { name: 'billing.render_ms', value: renderMs, unit: 'ms' },
      { name: 'billing.first_report_ms', value: firstReportMs, unit: 'ms' },
      { name: 'billing.report_of_loaded_organization_ms', value: loadedReportMs, unit: 'ms' },
    ];
  } finally {
    await connection.close();
  }
}
