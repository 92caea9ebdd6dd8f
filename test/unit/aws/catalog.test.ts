import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { catalogAction, catalogConditionKey, catalogService, catalogVersion, expandActionPattern, rcpSupportedServices } from '../../../server/src/aws/catalog';

test('services and actions are found case-insensitively, spelled as AWS spells them', async () => {
  const action = await catalogAction('S3', 'getobject');
  assert.equal(action?.name, 'GetObject');
  assert.equal(action?.service, 's3');
  assert.equal(action?.accessLevel, 'Read');
  assert.equal((await catalogService('s3'))?.name, 'Amazon S3');
  assert.equal(await catalogService('s4'), undefined);
  assert.equal(await catalogAction('s3', 'HeadBucket'), undefined, 'API names that are not IAM permissions are not actions');
});

test('action patterns expand with * and ? in the action and in the service prefix', async () => {
  const leave = await expandActionPattern('organizations:Leave*');
  assert.deepEqual(leave.map((action) => action.name), ['LeaveOrganization']);
  const single = await expandActionPattern('s3:GetObjec?');
  assert.deepEqual(single.map((action) => action.name), ['GetObject']);
  const services = new Set((await expandActionPattern('route53*:List*')).map((action) => action.service));
  assert.ok(services.has('route53') && services.has('route53domains'));
  assert.deepEqual(await expandActionPattern('s3:Frobnicate*'), []);
});

test('condition keys: global and service keys, variable parts matched', async () => {
  assert.equal((await catalogConditionKey('aws:principalorgid'))?.key, 'aws:PrincipalOrgID');
  assert.equal((await catalogConditionKey('aws:PrincipalTag/team'))?.type, 'String');
  assert.equal((await catalogConditionKey('s3:x-amz-acl'))?.type, 'String');
  assert.equal(await catalogConditionKey('aws:NoSuchKey'), undefined);
});

test('the catalog\'s version and the services RCPs apply to', async () => {
  assert.match(await catalogVersion(), /^0\.21\.\d+$/);
  const rcp = await rcpSupportedServices();
  assert.ok(rcp.includes('s3') && rcp.includes('sts') && !rcp.includes('sns'));
});
