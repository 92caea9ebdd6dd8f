import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Refusal } from '../../../../client/src/failures';
import { check, parseTags, problem, tagsProblem } from '../../../../client/src/commands/validation';

test('parseTags reads key=value pairs separated by commas; a key without = gets an empty value', () => {
  assert.deepEqual(parseTags('team=payments, env = prod ,owner'), [{ Key: 'team', Value: 'payments' }, { Key: 'env', Value: 'prod' }, { Key: 'owner', Value: '' }]);
  assert.deepEqual(parseTags('url=https://example.com/?a=b'), [{ Key: 'url', Value: 'https://example.com/?a=b' }]);
  assert.deepEqual(parseTags(' , ,'), []);
});

test('tagsProblem checks the lengths of AWS\'s tag keys and values and the quota of 50 tags', () => {
  assert.equal(tagsProblem('team=payments'), undefined);
  assert.equal(tagsProblem('=payments'), 'Enter a tag key.');
  assert.equal(tagsProblem(`${'k'.repeat(129)}=v`), 'A tag key has at most 128 characters (this one has 129).');
  assert.equal(tagsProblem(`team=${'v'.repeat(257)}`), 'The value of team has at most 256 characters (this one has 257).');
  assert.equal(tagsProblem(Array.from({ length: 51 }, (_, index) => `k${index}=v`).join(',')), 'A resource has at most 50 tags.');
});

test('problem words each field rule of the API reference for the user', () => {
  assert.equal(problem('accountId', 'The account ID', '12345'), 'An account ID is exactly 12 digits.');
  assert.equal(problem('accountId', 'The account ID', '123456789012'), undefined);
  assert.equal(problem('email', 'The email address', 'name@'), 'The email address has at least 6 characters.');
  assert.equal(problem('email', 'The email address', 'someone'), 'Enter an email address, like name@example.com.');
  assert.equal(problem('organizationalUnitName', 'The name', ''), 'Enter the name.');
  assert.equal(problem('accountName', 'The name', 'Café'), 'The name has characters AWS does not accept here.');
});

test('check refuses a value given without prompts as AWS would, with InvalidInputException', () => {
  assert.equal(check('policyId', 'The policy ID', 'p-examplepolicyid111'), 'p-examplepolicyid111');
  assert.throws(() => check('policyId', 'The policy ID', 'policy'), (error: unknown) => error instanceof Refusal && error.data.name === 'InvalidInputException');
});
