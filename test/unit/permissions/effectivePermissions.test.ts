import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { accountEffectivePermissions, accountsUnder, explainEntry, unitEffectivePermissions } from '../../../server/src/permissions/effectivePermissions';
import { evaluateRequest } from '../../../server/src/permissions/evaluate';
import { ids, policy, sampleOrganization } from './sampleOrganization';

// Organizations User Guide, SCP evaluation: an allow list below FullAWSAccess limits the OU to what it names.
test('every catalog action is evaluated for the account, grouped by service and access level', async () => {
  const organization = sampleOrganization({
    policies: [policy('p-allowlist', 'SandboxAllowList', 'SERVICE_CONTROL_POLICY', { Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*'], Resource: '*' })],
    attachments: [{ PolicyId: 'p-allowlist', TargetId: ids.sandbox }],
    withoutFullAccess: [ids.sandbox],
  });
  const services = await accountEffectivePermissions(organization, ids.sandboxAccount);
  const of = (service: string, accessLevel: string) => services.find((group) => group.service === service && group.accessLevel === accessLevel)!;
  assert.ok(of('s3', 'Read').actions.allowed.includes('s3:GetObject'));
  assert.deepEqual(of('s3', 'Write').actions.implicitDeny, []);
  assert.ok(of('ec2', 'List').actions.allowed.includes('ec2:DescribeInstances'));
  assert.ok(of('ec2', 'Write').actions.implicitDeny.includes('ec2:RunInstances'));
  assert.deepEqual(of('iam', 'Write').actions.allowed, []);
  const total = services.reduce((sum, group) => sum + Object.values(group.actions).reduce((count, list) => count + list.length, 0), 0);
  assert.ok(total > 10000, `${total} actions`);
  // Spot-check the shared evaluation against evaluating an action on its own.
  for (const group of services.slice(0, 40)) {
    for (const [decision, actions] of Object.entries(group.actions)) {
      if (actions.length) assert.equal(evaluateRequest(organization, { action: actions[0], principalAccount: ids.sandboxAccount }).decision, decision, actions[0]);
    }
  }
});

test('an OU counts, per action, the accounts under it that may perform it', async () => {
  const organization = sampleOrganization({
    policies: [policy('p-denyec2', 'DenyEc2', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' })],
    attachments: [{ PolicyId: 'p-denyec2', TargetId: ids.prod }],
  });
  assert.deepEqual(accountsUnder(organization, ids.workloads).sort(), [ids.prodAccount, ids.devAccount].sort());
  assert.deepEqual(accountsUnder(organization, ids.prod), [ids.prodAccount]);
  const { accounts, access } = await unitEffectivePermissions(organization, ids.workloads);
  assert.equal(accounts.length, 2);
  const ec2Write = access.find((entry) => entry.service === 'ec2' && entry.accessLevel === 'Write')!;
  assert.equal(ec2Write.allowedIn.get('ec2:RunInstances'), 1);
  assert.equal(ec2Write.allowedIn.get('ec2:StopInstances'), 2);
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
});
