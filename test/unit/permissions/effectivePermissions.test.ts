import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { accountEffectivePermissions } from '../../../server/src/permissions/effectivePermissions';
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
