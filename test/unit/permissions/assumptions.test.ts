/** The common values reports offer to assume: which keys bring which offers, what each sets, and ids that come back from the view. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assumedRequest, assumptionById, assumptionsFor } from '../../../server/src/permissions/assumptions';
import type { KeyDependence } from '../../../server/src/permissions/effectivePermissions';

const waitingFor = (key: string, values: string[] = []): KeyDependence => ({
  key, actions: new Set(), accounts: new Set(),
  clauses: [{ element: 'Condition', operator: 'StringNotEquals', key, values, missingKeys: [key], statement: { policyName: 'P', index: 0, Effect: 'Deny' } }],
});

test('each key brings its common value; a Region is the first one the policy names', () => {
  const offered = assumptionsFor([waitingFor('aws:PrincipalArn'), waitingFor('aws:RequestedRegion', ['*-east-*', 'eu-west-1', 'us-east-1']), waitingFor('aws:MultiFactorAuthPresent'), waitingFor('aws:SourceIp')]);
  assert.deepEqual(offered.map((assumption) => assumption.id), ['notRootUser', 'region:eu-west-1', 'mfa']);
  assert.deepEqual(assumptionsFor([waitingFor('aws:RequestedRegion', ['*'])]), [], 'no Region named literally, none offered');
  assert.equal(assumptionsFor([waitingFor('aws:PrincipalType'), waitingFor('aws:PrincipalArn')]).length, 1, 'offered once');
});

test('the principal that is not the root user is a role of the account it acts in', () => {
  const request = assumedRequest([assumptionById('notRootUser')!, assumptionById('region:eu-west-1')!], '111122223333');
  assert.deepEqual(request, { context: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ExampleRole', 'aws:RequestedRegion': 'eu-west-1' }, principalType: 'AssumedRole' });
  assert.deepEqual(assumedRequest([], '111122223333'), {});
});

test('ids from the view are read back; unknown or malformed ones are not', () => {
  assert.equal(assumptionById('mfa')?.label, 'The principal signed in with MFA (`aws:MultiFactorAuthPresent` = `true`)');
  assert.deepEqual(assumptionById('secureTransport')?.request('1'), { context: { 'aws:securetransport': true } });
  assert.equal(assumptionById('region:ap-southeast-2')?.id, 'region:ap-southeast-2');
  assert.equal(assumptionById('region:<script>'), undefined);
  assert.equal(assumptionById('nothing'), undefined);
});
