/**
 * Billing over LSP, in process: the real language server with the embedded sample behind it answers the billing
 * report (the root's children adding up to the root, an account's own report) and the current cost of a node for
 * tooltips (null for an ID the organization does not know), and a refused period comes back as response data.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ResponseError } from 'vscode-languageserver-protocol';
import { billingReportRequest, currentCostRequest, resetEmbeddedRequest, type OrganizationsErrorData } from '../../server/src/protocol';
import { startSession, type LspSession } from '../support/languageServer';

let session: LspSession;

before(async () => {
  session = await startSession({});
  await session.client.sendRequest(resetEmbeddedRequest, { seed: 'sample' });
});

after(() => session.close());

test('the billing report rolls the sample up from its accounts to the root, and an account has its own', async () => {
  const root = await session.client.sendRequest(billingReportRequest, { stackBy: 'account' });
  assert.equal(root.node.kind, 'root');
  assert.equal(root.months.length, 12);
  assert.equal(root.payer?.name, 'Management');
  assert.deepEqual(root.children.reduce((sum, child) => sum.map((cents, month) => cents + child.cents[month]), root.months.map(() => 0)), root.node.cents);
  const management = root.children.find((child) => child.id === root.payer?.id)!;
  const account = await session.client.sendRequest(billingReportRequest, { nodeId: management.id, stackBy: 'service' });
  assert.deepEqual(account.node, management);
  assert.deepEqual(account.path.map((step) => step.name), ['Root']);
  assert.deepEqual(account.children, []);
  assert.deepEqual(account.series.reduce((sum, series) => sum.map((cents, month) => cents + series.cents[month]), account.months.map(() => 0)), management.cents);
});

test('the current cost of a node for its tooltip, null for an ID the organization does not know', async () => {
  const root = await session.client.sendRequest(billingReportRequest, { stackBy: 'account' });
  const current = (await session.client.sendRequest(currentCostRequest, { id: root.node.id }))!;
  assert.deepEqual({ ...current, cents: 0 }, { month: root.months[11], cents: 0, estimated: true });
  // The month's usage grows by the second (the ledger spreads it over the month): the two reads are moments apart.
  assert.ok(Math.abs(current.cents - root.node.cents[11]) <= root.node.cents[11] / 1000, `${current.cents} ≈ ${root.node.cents[11]}`);
  assert.equal(await session.client.sendRequest(currentCostRequest, { id: 'ou-none-00000000' }), null);
});

test('a period whose first month comes after its last is refused with the reason as data', async () => {
  const refused = await session.client.sendRequest(billingReportRequest, { start: '2026-05', end: '2026-01', stackBy: 'account' }).then(
    () => assert.fail('the request succeeded'),
    (error: ResponseError<OrganizationsErrorData>) => error,
  );
  assert.equal(refused.data?.name, 'ValidationException');
});
