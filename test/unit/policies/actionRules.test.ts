import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyFix, codesOf, findingsOf, policy } from './findings';
import { catalogVersion } from '../../../server/src/aws/catalog';

const statement = (Action: string | string[]) => policy({ Effect: 'Deny', Action, Resource: '*' });

test('known actions, service wildcards and "*" pass', async () => {
  const allow = policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:Get*', 'ec2:*', '*', 'iam:*Role*'], Resource: '*' });
  assert.deepEqual(await codesOf(allow, 'SERVICE_CONTROL_POLICY'), []);
});

test('an action must be service:ActionName', async () => {
  assert.deepEqual(await codesOf(statement('GetObject'), 'SERVICE_CONTROL_POLICY'), [301]);
  assert.deepEqual(await codesOf(statement('s3:Get Object'), 'SERVICE_CONTROL_POLICY'), [301]);
});

test('an unknown service prefix is a warning with did-you-mean', async () => {
  const text = JSON.stringify(statement('s4:GetObject'));
  const [finding] = await findingsOf(text, 'SERVICE_CONTROL_POLICY');
  assert.equal(finding.code, 302);
  assert.equal(finding.severity, 'WARNING');
  assert.equal(text.substr(finding.offset, finding.length), 's4');
  assert.equal(JSON.parse(applyFix(text, finding)).Statement[0].Action, 's3:GetObject');
});

test('an action missing from a service of the catalog is an error naming the catalog version (API names such as s3:HeadBucket included)', async () => {
  const text = JSON.stringify(statement('s3:GetObjekt'));
  const [finding] = await findingsOf(text, 'SERVICE_CONTROL_POLICY');
  assert.equal(finding.code, 303);
  assert.equal(finding.severity, 'ERROR');
  assert.ok(finding.message.includes(`in the IAM catalog ${await catalogVersion()} (did you mean \`GetObject\`?)`), finding.message);
  assert.equal(JSON.parse(applyFix(text, finding)).Statement[0].Action, 's3:GetObject');
  assert.deepEqual(await codesOf(statement('s3:HeadBucket'), 'SERVICE_CONTROL_POLICY'), [303]);
});

test('the unknownNameSeverity option lowers unknown actions and partitions, and nothing else', async () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['s3:GetObjekt', 'ec2:*'], Resource: ['arn:aws-xx:s3:::bucket', 'arn:aws:s3:::*'], Sid: 'bad sid' }] });
  const severities = async (unknownNameSeverity?: 'WARNING' | 'SUGGESTION') =>
    (await findingsOf(text, 'SERVICE_CONTROL_POLICY', { unknownNameSeverity })).map((finding) => [finding.code, finding.severity]);
  assert.deepEqual(await severities(), [[303, 'ERROR'], [502, 'ERROR'], [212, 'ERROR']]);
  assert.deepEqual(await severities('WARNING'), [[303, 'WARNING'], [502, 'WARNING'], [212, 'ERROR']]);
  assert.deepEqual(await severities('SUGGESTION'), [[303, 'SUGGESTION'], [502, 'SUGGESTION'], [212, 'ERROR']]);
});

test('a wildcard that matches nothing is a warning', async () => {
  assert.deepEqual(await codesOf(statement('s3:Frobnicate*'), 'SERVICE_CONTROL_POLICY'), [304]);
  assert.deepEqual(await codesOf(statement('nosuch*:Get*'), 'SERVICE_CONTROL_POLICY'), [304]);
});

test('case differences are only a suggestion, never an error', async () => {
  const text = JSON.stringify(statement('S3:getobject'));
  const [finding] = await findingsOf(text, 'SERVICE_CONTROL_POLICY');
  assert.equal(finding.code, 305);
  assert.equal(finding.severity, 'SUGGESTION');
  assert.equal(JSON.parse(applyFix(text, finding)).Statement[0].Action, 's3:GetObject');
});

test('RCPs warn about services they do not apply to', async () => {
  const rcp = (Action: string) => policy({ Effect: 'Deny', Principal: '*', Action, Resource: '*' });
  assert.deepEqual(await codesOf(rcp('sns:Publish'), 'RESOURCE_CONTROL_POLICY'), [306]);
  assert.deepEqual(await codesOf(rcp('s3:GetObject'), 'RESOURCE_CONTROL_POLICY'), []);
});
