/**
 * Billing over the embedded connection, through the real Cost Explorer client and the in-memory handler: the
 * roll-ups equal the engine's ledger (every OU the sum of its accounts and child OUs, the root the organization's
 * total), members see their own costs, a delegated administrator for billing sees all, and a CONSOLIDATED_BILLING
 * organization has billing but no policy types.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { addMonths } from '../../../server/src/aws/months';
import { recordCharge } from '../../../server/src/emulator/costLedger';
import { ledgerTotals } from '../../support/ledger';
import { billingServicePrincipal } from '../../../server/src/aws/servicePrincipals';
import { billingOf, rollUp } from '../../../server/src/organizations/billing';
import { OrganizationConnection } from '../../../server/src/organizations/connection';
import type { BillingReport } from '../../../server/src/protocol';

const now = new Date('2026-06-16T12:00:00Z');
const months = Array.from({ length: 12 }, (_, index) => addMonths('2025-07', index));
const period = { start: months[0], end: months[11] };

async function sampleConnection(callerAccountId?: string): Promise<OrganizationConnection> {
  return OrganizationConnection.open({ kind: 'embedded', ...(callerAccountId ? { callerAccountId } : {}) }, { embedded: { initialSeed: 'sample', engine: { clock: () => now } } });
}

const add = (a: number[], b: number[]) => a.map((value, index) => value + b[index]);

test('roll-ups equal the ledger: each OU sums its accounts and child OUs, the root sums the organization', async () => {
  const connection = await sampleConnection();
  try {
    const engine = connection.embedded!.engine;
    const { ledger, parents } = engine.transact('read', (tx, at) => ({
      ledger: ledgerTotals(tx, at, months),
      parents: new Map<string, string>([...tx.values('organizationalUnits'), ...tx.values('accounts')].filter((node) => node.ParentId).map((node) => [node.Id, node.ParentId!])),
    }));
    // The ledger's own roll-up: each account's cents added to every ancestor.
    const expected = new Map<string, number[]>();
    for (const [accountId, row] of ledger) {
      for (let id: string | undefined = accountId; id; id = parents.get(id)) expected.set(id, add(expected.get(id) ?? months.map(() => 0), row));
    }
    const billing = billingOf(connection, () => now);
    const root = await billing.report({ ...period, stackBy: 'account' });
    assert.equal(root.scope, 'organization');
    assert.equal(root.node.kind, 'root');
    assert.deepEqual(root.node.cents, expected.get(root.node.id));
    assert.deepEqual(root.organizationCents, months.map((_, month) => [...ledger.values()].reduce((sum, row) => sum + row[month], 0)));
    assert.deepEqual(root.payer, { id: '111111111111', name: 'Management' });
    assert.deepEqual(root.estimated, months.map((month) => month === '2026-06'));
    // The children's totals add up to their parent's, and the stacks to the node's.
    assert.deepEqual(root.children.reduce((sum, child) => add(sum, child.cents), months.map(() => 0)), root.node.cents);
    assert.deepEqual(root.series.reduce((sum, series) => add(sum, series.cents), months.map(() => 0)), root.node.cents);

    const visit = async (report: BillingReport): Promise<number> => {
      let checked = 1;
      for (const child of report.children) {
        assert.deepEqual(child.cents, expected.get(child.id) ?? months.map(() => 0), child.name);
        if (child.kind === 'organizationalUnit') checked += await visit(await billing.report({ ...period, nodeId: child.id, stackBy: 'account' }));
      }
      return checked;
    };
    assert.equal(await visit(root), 8, 'the root and the seven OUs of the sample');

    const workloads = root.children.find((child) => child.name === 'Workloads')!;
    const byService = await billing.report({ ...period, nodeId: workloads.id, stackBy: 'service' });
    assert.deepEqual(byService.path.map((step) => step.name), ['Root']);
    assert.deepEqual(byService.series.reduce((sum, series) => add(sum, series.cents), months.map(() => 0)), expected.get(workloads.id));
    assert.ok(byService.series.some((series) => series.label === 'Amazon Elastic Compute Cloud - Compute'));

    assert.deepEqual(byService.moverMonths, ['2026-04', '2026-05'], 'movers compare closed months');
    const change = (mover: BillingReport['movers'][number]) => Math.abs(mover.currentCents - mover.previousCents);
    assert.ok(byService.movers.length > 0);
    assert.ok(byService.movers.every((mover, index, all) => index === 0 || change(all[index - 1]) >= change(mover)));

    const current = await billing.currentCost(workloads.id);
    assert.deepEqual(current, { month: '2026-06', cents: expected.get(workloads.id)![11], estimated: true });
  } finally {
    await connection.close();
  }
});

test('a member account sees only its own costs; a delegated administrator for billing sees the organization', async () => {
  const statePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'billing-')), 'organization.state');
  const open = (callerAccountId?: string) => OrganizationConnection.open(
    { kind: 'embedded', ...(callerAccountId ? { callerAccountId } : {}) }, { embedded: { statePath, initialSeed: 'sample', engine: { clock: () => now } } });
  try {
    const owner = await open();
    const engine = owner.embedded!.engine;
    const accounts = (engine.call('ListAccounts', {}, engine.managementAccountId) as { Accounts: { Id: string; Name: string }[] }).Accounts;
    const member = accounts.find((account) => account.Name === 'Payments Prod')!.Id;
    const ledger = engine.transact('read', (tx, at) => ledgerTotals(tx, at, months));
    await owner.close();

    const asMember = await open(member);
    try {
      assert.equal(asMember.info.state, 'notManagementAccount');
      const report = await billingOf(asMember, () => now).report({ ...period, stackBy: 'account' });
      assert.equal(report.scope, 'account');
      assert.equal(report.node.id, member);
      assert.equal(report.node.name, 'Payments Prod');
      assert.deepEqual(report.node.cents, ledger.get(member));
      assert.deepEqual(report.organizationCents, ledger.get(member));
      assert.equal(report.payer?.id, '111111111111');
      assert.equal(await billingOf(asMember, () => now).currentCost(accounts.find((account) => account.Name === 'Management')!.Id), undefined);

      asMember.embedded!.engine.call('EnableAWSServiceAccess', { ServicePrincipal: billingServicePrincipal }, '111111111111');
      asMember.embedded!.engine.call('RegisterDelegatedAdministrator', { AccountId: member, ServicePrincipal: billingServicePrincipal }, '111111111111');
    } finally {
      await asMember.close();
    }
    const administrator = await open(member);
    try {
      assert.equal(administrator.info.state, 'connected');
      const report = await billingOf(administrator).report({ ...period, stackBy: 'account' });
      assert.equal(report.scope, 'organization');
      assert.deepEqual(report.organizationCents, months.map((_, month) => [...ledger.values()].reduce((sum, row) => sum + row[month], 0)));
    } finally {
      await administrator.close();
    }
  } finally {
    fs.rmSync(path.dirname(statePath), { recursive: true, force: true });
  }
});

test('a CONSOLIDATED_BILLING organization shows billing (recorded charges rolled up) and no policy types', async () => {
  const connection = await OrganizationConnection.open({ kind: 'embedded' }, { embedded: { engine: { clock: () => now } } });
  try {
    await connection.model.mutate('CreateOrganization', { FeatureSet: 'CONSOLIDATED_BILLING' });
    const engine = connection.embedded!.engine;
    engine.call('CreateAccount', { AccountName: 'Billed Member', Email: 'billed@example.com' }, engine.managementAccountId);
    engine.transact('RecordCharge', (tx, at) => recordCharge(tx, at, { AccountId: engine.managementAccountId, Service: 'AWS Lambda', Amount: 10, Month: '2026-05' }));
    engine.transact('RecordCharge', (tx, at) => recordCharge(tx, at, { AccountId: engine.managementAccountId, Service: 'Amazon Simple Storage Service', Amount: 2.5 }));
    await connection.check();
    assert.equal(connection.info.organization?.FeatureSet, 'CONSOLIDATED_BILLING');
    assert.ok((await connection.model.policyTypes()).every((type) => type.status === 'UNAVAILABLE'));
    const report = await billingOf(connection).report({ ...period, stackBy: 'service' });
    assert.equal(report.scope, 'organization');
    assert.equal(report.node.kind, 'root');
    assert.deepEqual(report.node.cents.slice(10), [1000, 250]);
    assert.deepEqual(report.series.map((series) => series.label).sort(), ['AWS Lambda', 'Amazon Simple Storage Service']);
  } finally {
    await connection.close();
  }
});

test('moving an account rolls the same costs up again; only a refresh reads Cost Explorer again', async () => {
  const connection = await sampleConnection();
  try {
    // Count Cost Explorer's requests on their way to the endpoint.
    let requests = 0;
    const handler = connection.clientConfig.requestHandler as { handle: (...args: unknown[]) => Promise<unknown> };
    connection.clientConfig = { ...connection.clientConfig, requestHandler: { ...handler, handle: (request: { headers: Record<string, string> }, ...rest: unknown[]) => {
      if (request.headers['x-amz-target']?.startsWith('AWSInsightsIndexService.')) requests++;
      return handler.handle(request, ...rest);
    } } as never };
    const billing = billingOf(connection, () => now);
    const before = await billing.report({ ...period, stackBy: 'account' });
    const sandbox = before.children.find((child) => child.name === 'Sandbox')!;
    const security = before.children.find((child) => child.name === 'Security')!;
    const alice = (await billing.report({ ...period, nodeId: sandbox.id, stackBy: 'account' })).children.find((child) => child.name === 'Sandbox Alice')!;
    assert.equal(requests, 1);
    await connection.model.mutate('MoveAccount', { AccountId: alice.id, SourceParentId: sandbox.id, DestinationParentId: security.id });
    const after = await billing.report({ ...period, stackBy: 'account' });
    assert.equal(requests, 1, 'the costs were rolled up again, not read again');
    assert.deepEqual(after.children.find((child) => child.name === 'Sandbox')!.cents, sandbox.cents.map((cents, month) => cents - alice.cents[month]));
    assert.deepEqual(after.children.find((child) => child.name === 'Security')!.cents, security.cents.map((cents, month) => cents + alice.cents[month]));
    assert.deepEqual(after.node.cents, before.node.cents);
    connection.model.refresh();
    await billing.report({ ...period, stackBy: 'account' });
    assert.equal(requests, 2);
  } finally {
    await connection.close();
  }
});

test('a connection without an organization reads no costs', async () => {
  const connection = await OrganizationConnection.open({ kind: 'embedded' }, { embedded: { engine: { clock: () => now } } });
  try {
    assert.equal(connection.info.state, 'noOrganization');
    await assert.rejects(billingOf(connection, () => now).report({ ...period, stackBy: 'account' }), { name: 'NotConnected' });
    assert.equal(await billingOf(connection).currentCost('111111111111').catch((error: Error) => error.name), 'NotConnected');
  } finally {
    await connection.close();
  }
});

test('rollUp puts accounts the hierarchy does not list under the root, so the root still totals every cost', () => {
  const tree = rollUp(
    { root: { id: 'r-1', name: 'Root' }, organizationalUnits: [{ id: 'ou-1', name: 'A', parentId: 'r-1' }, { id: 'ou-2', name: 'B', parentId: 'ou-1' }], accounts: [{ id: '1', name: 'one', parentId: 'ou-2' }] },
    new Map([['1', [1, 2]], ['2', [10, 20]]]), 2, new Map([['2', 'Gone']]),
  );
  assert.deepEqual(tree.nodes.get('ou-2')!.cents, [1, 2]);
  assert.deepEqual(tree.nodes.get('ou-1')!.cents, [1, 2]);
  assert.deepEqual(tree.nodes.get('r-1')!.cents, [11, 22]);
  assert.deepEqual(tree.nodes.get('2'), { id: '2', name: 'Gone', kind: 'account', cents: [10, 20], outside: true });
});
