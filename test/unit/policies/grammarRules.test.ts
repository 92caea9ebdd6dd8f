import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, codesOf, findingsOf, policy } from './findings';

const deny = { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' };

test('Version: SCPs and RCPs require 2012-10-17; IAM policies only get a warning without it', async () => {
  const missing = { Statement: [deny] };
  const [scp] = (await findingsOf(missing, 'SERVICE_CONTROL_POLICY')).filter((finding) => finding.code === 203);
  assert.equal(scp.severity, 'ERROR');
  assert.deepEqual(JSON.parse(applyFix(JSON.stringify(missing, null, 2), scp)), { Version: '2012-10-17', Statement: [deny] });
  assert.deepEqual(await codesOf(missing, 'IDENTITY_POLICY'), [204]);
  assert.deepEqual(await codesOf({ Version: '2008-10-17', Statement: [deny] }, 'RESOURCE_CONTROL_POLICY'), [205]);
  assert.deepEqual(await codesOf({ Version: '2008-10-17', Statement: [deny] }, 'IDENTITY_POLICY'), []);
  assert.deepEqual(await codesOf({ Version: '2012-10-18', Statement: [deny] }, 'IDENTITY_POLICY'), [205]);
  assert.deepEqual(await codesOf(policy(deny), 'SERVICE_CONTROL_POLICY'), []);
});

test('Statement: required, one object or an array of objects', async () => {
  assert.deepEqual(await codesOf({ Version: '2012-10-17' }, 'SERVICE_CONTROL_POLICY'), [206]);
  assert.deepEqual(await codesOf({ Version: '2012-10-17', Statement: deny }, 'SERVICE_CONTROL_POLICY'), []);
  assert.deepEqual(await codesOf({ Version: '2012-10-17', Statement: 'Deny' }, 'SERVICE_CONTROL_POLICY'), [207]);
  assert.deepEqual(await codesOf({ Version: '2012-10-17', Statement: ['Deny'] }, 'SERVICE_CONTROL_POLICY'), [207]);
});

test('unknown elements are errors with a did-you-mean fix', async () => {
  const text = JSON.stringify(policy({ Effect: 'Deny', Actions: 's3:DeleteBucket', Resource: '*' }));
  const findings = await findingsOf(text, 'SERVICE_CONTROL_POLICY');
  const unknown = findings.find((finding) => finding.code === 201)!;
  assert.match(unknown.message, /Actions[\s\S]*Action/);
  assert.deepEqual(JSON.parse(applyFix(text, unknown)), policy(deny));
  assert.ok(findings.some((finding) => finding.code === 209), 'and the statement lacks Action');
});

test('Principal is not allowed in SCPs or identity policies, and is required in resource-based policies', async () => {
  const withPrincipal = { ...deny, Principal: '*' };
  const [scp] = (await findingsOf(policy(withPrincipal), 'SERVICE_CONTROL_POLICY')).filter((finding) => finding.code === 202);
  assert.deepEqual(JSON.parse(applyFix(JSON.stringify(policy(withPrincipal), null, 2), scp)), policy(deny));
  assert.deepEqual(await codesOf(policy(withPrincipal), 'IDENTITY_POLICY'), [202]);
  assert.deepEqual(await codesOf(policy(deny), 'RESOURCE_POLICY'), [209]);
  assert.deepEqual(await codesOf(policy({ ...deny, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }), 'RESOURCE_POLICY'), []);
  assert.deepEqual(await codesOf(policy({ ...deny, Principal: { Aws: '*' } }), 'RESOURCE_POLICY'), [215]);
});

test('SCPs take the full IAM language since September 2025: Allow with conditions, NotAction, ARNs and NotResource', async () => {
  const allow = {
    Effect: 'Allow', NotAction: 'iam:DeleteRole', NotResource: 'arn:aws:s3:::amzn-s3-demo-bucket',
    Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
  };
  assert.deepEqual(await codesOf(policy(allow), 'SERVICE_CONTROL_POLICY'), []);
});

test('RCPs: only Deny, Principal "*", no NotAction or NotPrincipal', async () => {
  const rcp = { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' };
  assert.deepEqual(await codesOf(policy(rcp), 'RESOURCE_CONTROL_POLICY'), []);
  assert.deepEqual(await codesOf(policy({ ...rcp, Effect: 'Allow' }), 'RESOURCE_CONTROL_POLICY'), [213]);
  assert.deepEqual(await codesOf(policy({ ...rcp, Principal: { AWS: '111122223333' } }), 'RESOURCE_CONTROL_POLICY'), [214]);
  const notAction = { Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' };
  assert.deepEqual(await codesOf(policy(notAction), 'RESOURCE_CONTROL_POLICY'), [202]);
});

test('Effect is Allow or Deny, case-sensitive, with a fix for the case', async () => {
  const text = JSON.stringify(policy({ ...deny, Effect: 'deny' }));
  const [effect] = await findingsOf(text, 'SERVICE_CONTROL_POLICY');
  assert.equal(effect.code, 208);
  assert.deepEqual(JSON.parse(applyFix(text, effect)), policy(deny));
  assert.deepEqual(await codesOf(policy({ ...deny, Effect: 'Block' }), 'SERVICE_CONTROL_POLICY'), [208]);
});

test('Action/NotAction and Resource/NotResource: exactly one of each, strings, not empty', async () => {
  assert.deepEqual(await codesOf(policy({ Effect: 'Deny', Resource: '*' }), 'SERVICE_CONTROL_POLICY'), [209]);
  assert.deepEqual(await codesOf(policy({ ...deny, NotResource: 'arn:aws:s3:::b' }), 'SERVICE_CONTROL_POLICY'), [210]);
  assert.deepEqual(await codesOf(policy({ ...deny, Action: [] }), 'SERVICE_CONTROL_POLICY'), [216]);
  assert.deepEqual(await codesOf(policy({ ...deny, Action: 42 }), 'SERVICE_CONTROL_POLICY'), [207]);
});

test('Sid: unique, letters and digits only (resource-based policies excepted)', async () => {
  assert.deepEqual(await codesOf(policy({ ...deny, Sid: 'One' }, { ...deny, Sid: 'One' }), 'SERVICE_CONTROL_POLICY'), [211]);
  const text = JSON.stringify(policy({ ...deny, Sid: 'Deny bucket-deletion' }));
  const [sid] = await findingsOf(text, 'IDENTITY_POLICY');
  assert.equal(sid.code, 212);
  assert.equal(JSON.parse(applyFix(text, sid)).Statement[0].Sid, 'Denybucketdeletion');
  assert.deepEqual(await codesOf(policy({ ...deny, Sid: 'Deny bucket deletion', Principal: '*' }), 'RESOURCE_POLICY'), []);
});
