/** The report view's reports as data: what each says, the tables that tally why, the assumptions offered, every row as data. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assumedRequest, assumptionsFor } from '../../../server/src/permissions/assumptions';
import { accountEffectivePermissions, AnswerTally, explainEntry, unitEffectivePermissions } from '../../../server/src/permissions/effectivePermissions';
import { accountReport, actionAccessReport, unitReport, whyDeniedReport } from '../../../server/src/permissions/reports';
import { summarizeActions } from '../../../server/src/permissions/summary';
import type { Report, ReportBlock } from '../../../server/src/protocol';
import { ids, policy, sampleOrganization } from './sampleOrganization';

/** Root: DenyRootUser (depends on aws:PrincipalArn); Workloads: DenyDelete; Sandbox: a Region restriction. */
const organization = () => sampleOrganization({
  policies: [
    policy('p-root', 'DenyRootUser', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } }),
    policy('p-delete', 'DenyDelete', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }),
    policy('p-region', 'Regions', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } } }),
  ],
  attachments: [{ PolicyId: 'p-root', TargetId: ids.root }, { PolicyId: 'p-delete', TargetId: ids.workloads }, { PolicyId: 'p-region', TargetId: ids.sandbox }],
});

const tables = (report: Report) => report.blocks.filter((block): block is Extract<ReportBlock, { kind: 'table' }> => block.kind === 'table');
const texts = (report: Report) => report.blocks.map((block) => ('text' in block ? block.text : block.kind === 'list' ? block.items.join('\n') : '')).join('\n');

async function accountAnswer(accountId: string, assumptionIds: string[] = []) {
  const org = organization();
  const applied = assumptionIds.map((id) => assumptionsFor([{ key: 'aws:PrincipalArn', actions: new Set(), accounts: new Set(), clauses: [] }]).find((assumption) => assumption.id === id)!);
  const answers = await accountEffectivePermissions(org, accountId, assumedRequest(applied, accountId));
  const tally = new AnswerTally();
  for (const answer of answers) tally.add(accountId, answer);
  return accountReport(org, accountId, answers, tally, { applied, offered: assumptionsFor(tally.byKey()) }, 'v1');
}

test('an account\'s report says where "depends" dominates, on which key and which statement, and offers to assume the principal is not the root user', async () => {
  const report = await accountAnswer(ids.prodAccount);
  assert.equal(report.title, 'Effective Permissions: prod-app');
  assert.equal(report.blocks[0].kind === 'heading' && report.blocks[0].text, 'Effective permissions of account `prod-app` (111111111111)');
  const [summary, keys, reasons, mixed] = tables(report);
  assert.deepEqual(summary.rows.map((row) => row[0]), ['Explicitly denied', 'Not allowed (no Allow)', 'Depends on the request', 'Allowed']);
  assert.equal(summary.rows[0][1], '1', 's3:DeleteBucket');
  assert.match(texts(report), /\*\*Depends on the request\*\* dominates: [\d,]+ of [\d,]+ actions \(100%\) wait for a value the request did not give: `aws:PrincipalArn`/);
  assert.equal(keys.rows[0][0], '`aws:PrincipalArn`');
  assert.equal(keys.rows[0][2], '`StringLike` `aws:PrincipalArn`: "arn:aws:iam::*:root" (`DenyRootUser` Statement[0])');
  assert.deepEqual(report.assumptions.map(({ id, applied }) => [id, applied]), [['notRootUser', false]]);
  // sts:GetCallerIdentity needs no permission: no SCP can deny it, so it is allowed even where everything else waits.
  assert.deepEqual(reasons.rows.map((row) => row.slice(0, 2)).filter(([decision]) => decision === 'Allowed'), [['Allowed', 'it needs no permission: no policy can deny it']]);
  assert.deepEqual(reasons.rows.map((row) => row[0]), ['Depends on the request', 'Explicitly denied', 'Allowed']);
  assert.equal(reasons.rows[1][1], 'SCP `DenyDelete` Statement[0] at OU `Workloads` (ou-ab12-workload)');
  assert.deepEqual(mixed.rows.map((row) => [row[0], row[1], row.at(-1)]), [['`s3`', 'Write', '`s3:DeleteBucket`']]);
  assert.deepEqual(report.data.columns, ['Service', 'Action', 'Access level', 'Decision', 'Because']);
  assert.deepEqual(report.data.rows.find((row) => row[1] === 's3:DeleteBucket'), ['s3', 's3:DeleteBucket', 'Write', 'explicitDeny', 'SCP DenyDelete Statement[0] at OU Workloads (ou-ab12-workload)']);
  assert.ok(report.markdown.startsWith('# Effective permissions of account `prod-app` (111111111111)\n\nPath: `Root` → `Workloads` → `Prod` → `prod-app`\n\n'), report.markdown);
});

test('assuming the principal is not the root user decides what waited for aws:PrincipalArn; the report says what it assumed', async () => {
  const report = await accountAnswer(ids.prodAccount, ['notRootUser']);
  const [summary] = tables(report);
  assert.deepEqual(summary.rows.map((row) => row.slice(0, 2)), [['Explicitly denied', '1'], ['Not allowed (no Allow)', '0'], ['Depends on the request', '0'], ['Allowed', summary.rows[3][1]]]);
  assert.match(texts(report), /Assumed:\nThe principal is an IAM role of the account, not the root user \(`aws:PrincipalArn` = `arn:aws:iam::<account>:role\/ExampleRole`\)/);
  assert.deepEqual(report.assumptions.map(({ id, applied }) => [id, applied]), [['notRootUser', true]], 'applied, and still there to be taken back');
  assert.ok(!texts(report).includes('What the undecided answers wait for'));
});

test('a Sandbox account waits for the Region too, and is offered the first Region its policy names', async () => {
  const report = await accountAnswer(ids.sandboxAccount, ['notRootUser']);
  assert.deepEqual(report.assumptions.map(({ id, applied }) => [id, applied]), [['notRootUser', true], ['region:eu-west-1', false]]);
  assert.equal(tables(report)[1].rows[0][0], '`aws:RequestedRegion`');
});

test('the management account\'s report says SCPs and RCPs never affect it', async () => {
  const report = await accountAnswer(ids.management);
  assert.match(texts(report), /This is the management account: SCPs and RCPs never affect it/);
  assert.equal(tables(report)[0].rows[3][2], '100%');
});

test('an OU\'s report counts actions allowed in every, some or no account, and where the accounts differ', async () => {
  const org = sampleOrganization({
    policies: [policy('p-delete', 'DenyDelete', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }), policy('p-leave', 'DenyLeave', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' })],
    attachments: [{ PolicyId: 'p-delete', TargetId: ids.prod }, { PolicyId: 'p-leave', TargetId: ids.workloads }],
  });
  const unit = await unitEffectivePermissions(org, ids.workloads);
  const report = unitReport(org, ids.workloads, unit, { applied: [], offered: assumptionsFor(unit.tally.byKey()) }, 'v1');
  assert.match(texts(report), /^Effective permissions under OU `Workloads` \(ou-ab12-workload\)\n2 accounts in this OU and the OUs below it: `prod-app`, `dev-app`\./);
  const [summary, reasons, differ] = tables(report);
  assert.deepEqual(summary.rows.map((row) => row[0]), ['Allowed in every account', 'Denied in every account', 'Allowed in some accounts, denied in others', 'Depends on the request in some account']);
  assert.deepEqual(summary.rows.slice(1).map((row) => row[1]), ['1', '1', '0']);
  assert.deepEqual(reasons.rows.filter((row) => row[0] === 'Explicitly denied').map((row) => [row[1], row[2], row[3]]), [
    ['SCP `DenyLeave` Statement[0] at OU `Workloads` (ou-ab12-workload)', '2', '1'],
    ['SCP `DenyDelete` Statement[0] at OU `Prod` (ou-ab12-prodprod)', '1', '1'],
  ]);
  assert.deepEqual(differ.rows, [['`s3`', 'Write', differ.rows[0][2], '1', '0', '`s3:DeleteBucket`']]);
  assert.deepEqual(report.data.rows.find((row) => row[1] === 's3:DeleteBucket')?.slice(3), [1, 1, 0, 0]);
  assert.deepEqual(report.assumptions, [], 'nothing waits for the request');
  const empty = unitReport(org, ids.prod, { accounts: [], actions: [], tally: new AnswerTally() }, { applied: [], offered: [] }, 'v1');
  assert.match(texts(empty), /0 accounts in this OU and the OUs below it\./);
});

test('"Why is this denied?" explains each group level by level in tables, with the rows as data', async () => {
  const org = organization();
  const explanation = await explainEntry(org, 's3:Delete*', ids.prodAccount, undefined, 20, assumedRequest(assumptionsFor([{ key: 'aws:PrincipalArn', actions: new Set(), accounts: new Set(), clauses: [] }]), ids.prodAccount));
  const report = whyDeniedReport(org, explanation, 'arn:aws:s3:::amzn-s3-demo-bucket', { applied: [], offered: [] }, 'v1');
  assert.equal(report.title, 'Why Is This Denied? s3:Delete* in prod-app');
  assert.match(texts(report), /^Why is `s3:Delete\*` on `arn:aws:s3:::amzn-s3-demo-bucket` allowed or denied in account `prod-app` \(111111111111\)\?/);
  assert.match(texts(report), /`s3:DeleteBucket`: denied by an explicit Deny\nDecided by SCP `DenyDelete` Statement\[0\] at OU `Workloads` \(ou-ab12-workload\)\./);
  const chain = tables(report)[0];
  assert.deepEqual(chain.columns.map((column) => column.title), ['Level', 'Decision', 'Because', 'Attached']);
  assert.deepEqual(chain.rows.map((row) => row[0]), ['Root `Root` (r-ab12)', 'OU `Workloads` (ou-ab12-workload)', 'OU `Prod` (ou-ab12-prodprod)', 'Account `prod-app` (111111111111)']);
  assert.match(texts(report), /Resource control policies: allowed/);
  assert.deepEqual(report.data.rows.filter((row) => row[0] === 's3:DeleteBucket').map((row) => row.slice(1, 6)), [
    [0, 'explicitDeny', 'SERVICE_CONTROL_POLICY', 'Root Root (r-ab12)', 'allowed'],
    [0, 'explicitDeny', 'SERVICE_CONTROL_POLICY', 'OU Workloads (ou-ab12-workload)', 'explicitDeny'],
    [0, 'explicitDeny', 'SERVICE_CONTROL_POLICY', 'OU Prod (ou-ab12-prodprod)', 'allowed'],
    [0, 'explicitDeny', 'SERVICE_CONTROL_POLICY', 'Account prod-app (111111111111)', 'allowed'],
    [0, 'explicitDeny', 'RESOURCE_CONTROL_POLICY', 'Root Root (r-ab12)', 'allowed'],
    [0, 'explicitDeny', 'RESOURCE_CONTROL_POLICY', 'OU Workloads (ou-ab12-workload)', 'allowed'],
    [0, 'explicitDeny', 'RESOURCE_CONTROL_POLICY', 'OU Prod (ou-ab12-prodprod)', 'allowed'],
    [0, 'explicitDeny', 'RESOURCE_CONTROL_POLICY', 'Account prod-app (111111111111)', 'allowed'],
  ]);
});

test('the list behind a hover: every account\'s verdict on each group of actions, denied first, the management account not counted', () => {
  const org = organization();
  const report = actionAccessReport(org, 's3:DeleteBucket', summarizeActions(org, { actions: ['s3:DeleteBucket'] }), { kind: 'deployed' }, 'v1');
  assert.equal(report.title, 'Where Is s3:DeleteBucket Allowed?');
  assert.match(texts(report), /In 3 member accounts: explicitly denied in 2, depends on the request in 1\./);
  const [accounts] = tables(report);
  assert.deepEqual(accounts.rows.map((row) => [row[0], row[3]]), [
    ['`dev-app`', 'Explicitly denied'], ['`prod-app`', 'Explicitly denied'], ['`sandbox`', 'Depends on the request'], ['`management`', 'Allowed'],
  ]);
  assert.equal(accounts.rows[3][4], 'not counted: the management account, which SCPs and RCPs never affect');
  assert.equal(accounts.rows[1][2], 'Workloads / Prod');
  assert.deepEqual(report.data.rows[0], ['s3:DeleteBucket', 'dev-app', '222222222222', 'Workloads', 'explicitDeny', 'SCP DenyDelete Statement[0] at OU Workloads (ou-ab12-workload)']);
});
