/** Effective permissions of an account and of an OU over the whole IAM catalog, the tally of reasons, and the explanation of an entry. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { accountEffectivePermissions, accountsUnder, AnswerTally, explainEntry, unitEffectivePermissions } from '../../../server/src/permissions/effectivePermissions';
import { evaluateRequest } from '../../../server/src/permissions/evaluate';
import { ids, policy, sampleOrganization } from './sampleOrganization';

// Organizations User Guide, SCP evaluation: an allow list below FullAWSAccess limits the OU to what it names.
test('every catalog action is evaluated for the account, with its service, access level and explained decision', async () => {
  const organization = sampleOrganization({
    policies: [policy('p-allowlist', 'SandboxAllowList', 'SERVICE_CONTROL_POLICY', { Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*'], Resource: '*' })],
    attachments: [{ PolicyId: 'p-allowlist', TargetId: ids.sandbox }],
    withoutFullAccess: [ids.sandbox],
  });
  const answers = await accountEffectivePermissions(organization, ids.sandboxAccount);
  const of = (action: string) => answers.find((answer) => answer.action === action)!;
  assert.deepEqual([of('s3:GetObject').decision.decision, of('s3:GetObject').service, of('s3:GetObject').accessLevel], ['allowed', 's3', 'Read']);
  assert.equal(of('ec2:DescribeInstances').decision.decision, 'allowed');
  assert.equal(of('ec2:RunInstances').decision.decision, 'implicitDeny');
  assert.equal(of('ec2:RunInstances').decision.cause?.target?.Id, ids.sandbox, 'no Allow at the Sandbox OU');
  assert.equal(of('iam:CreateUser').decision.decision, 'implicitDeny');
  assert.ok(answers.length > 10000, `${answers.length} actions`);
  // Actions of a class share one decision object; spot-check the shared evaluation against evaluating an action on its own.
  assert.equal(of('ec2:RunInstances').decision, of('iam:CreateUser').decision);
  for (const answer of answers.filter((_, index) => index % 500 === 0)) {
    assert.equal(evaluateRequest(organization, { action: answer.action, principalAccount: ids.sandboxAccount }).decision, answer.decision.decision, answer.action);
  }
});

test('an OU counts, per action, the accounts under it with each decision, each account with its own request', async () => {
  const organization = sampleOrganization({
    policies: [policy('p-denyec2', 'DenyEc2', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ids.prodAccount } } })],
    attachments: [{ PolicyId: 'p-denyec2', TargetId: ids.workloads }],
  });
  assert.deepEqual(accountsUnder(organization, ids.workloads).sort(), [ids.prodAccount, ids.devAccount].sort());
  assert.deepEqual(accountsUnder(organization, ids.prod), [ids.prodAccount]);
  const requests: string[] = [];
  const { accounts, actions, tally } = await unitEffectivePermissions(organization, ids.workloads, (accountId) => {
    requests.push(accountId);
    return {};
  });
  assert.equal(accounts.length, 2);
  assert.deepEqual(requests.sort(), accounts.slice().sort());
  const action = (name: string) => actions.find((entry) => entry.action === name)!;
  assert.deepEqual(action('ec2:RunInstances').accounts, { allowed: 1, explicitDeny: 1, implicitDeny: 0, depends: 0 });
  assert.deepEqual(action('ec2:StopInstances').accounts, { allowed: 2, explicitDeny: 0, implicitDeny: 0, depends: 0 });
  assert.equal(tally.counts.explicitDeny, 1);
  assert.equal(tally.counts.allowed, 2 * actions.length - 1);
});

test('the tally groups answers by reason and by the condition keys undecided answers wait for', () => {
  const organization = sampleOrganization({
    policies: [
      policy('p-deny', 'DenyDelete', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }),
      policy('p-region', 'Regions', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }),
    ],
    attachments: [{ PolicyId: 'p-deny', TargetId: ids.root }, { PolicyId: 'p-region', TargetId: ids.workloads }],
  });
  const tally = new AnswerTally();
  for (const [accountId, action] of [[ids.prodAccount, 's3:DeleteBucket'], [ids.prodAccount, 's3:GetObject'], [ids.prodAccount, 'ec2:RunInstances'], [ids.devAccount, 's3:GetObject'], [ids.sandboxAccount, 's3:GetObject']]) {
    tally.add(accountId, { action, service: action.split(':')[0], decision: evaluateRequest(organization, { action, principalAccount: accountId }) });
  }
  assert.deepEqual(tally.counts, { allowed: 1, explicitDeny: 1, implicitDeny: 0, depends: 3 });
  const [first, ...others] = tally.byReason();
  assert.equal(first.decision, 'depends');
  assert.deepEqual([...first.actions].sort(), ['ec2:RunInstances', 's3:GetObject']);
  assert.deepEqual([...first.accounts].sort(), [ids.prodAccount, ids.devAccount].sort());
  assert.deepEqual(others.map((reason) => reason.decision).sort(), ['allowed', 'explicitDeny']);
  const [region] = tally.byKey();
  assert.equal(region.key, 'aws:RequestedRegion');
  assert.equal(region.actions.size, 2);
  assert.deepEqual(region.clauses.map((clause) => clause.values), [['eu-west-1']], 'one clause, however many answers ask for it');
});

test('explainEntry decides one action of each group of an entry, up to the limit', async () => {
  const organization = sampleOrganization({
    policies: [policy('p-denydelete', 'DenyDelete', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' })],
    attachments: [{ PolicyId: 'p-denydelete', TargetId: ids.sandbox }],
  });
  const one = await explainEntry(organization, 's3:DeleteBucket', ids.sandboxAccount, undefined, 6);
  assert.deepEqual(one.decisions.map(({ decision, others }) => [decision.request.action, decision.decision, others]), [['s3:DeleteBucket', 'explicitDeny', 0]]);
  const all = await explainEntry(organization, 's3:*', ids.sandboxAccount, 'arn:aws:s3:::amzn-s3-demo-bucket', 1);
  assert.equal(all.decisions.length, 1);
  assert.equal(all.more, 1, 'DeleteBucket and the other s3 actions are two groups');
  assert.equal(all.decisions[0].decision.request.resource, 'arn:aws:s3:::amzn-s3-demo-bucket');
  assert.deepEqual((await explainEntry(organization, 'nope:Nothing*', ids.sandboxAccount, undefined, 6)).decisions, []);
  const assumed = await explainEntry(organization, 's3:GetObject', ids.sandboxAccount, undefined, 6, { context: { 'aws:RequestedRegion': 'eu-west-1' } });
  assert.deepEqual(assumed.decisions[0].decision.request.context, { 'aws:RequestedRegion': 'eu-west-1' }, 'the request carries what the report assumed');
});
