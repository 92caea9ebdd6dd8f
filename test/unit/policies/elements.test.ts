import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { policyElement } from '../../../server/src/policies/elements';

test('policyElement documents the grammar elements by their exact names', () => {
  assert.match(policyElement('Version')?.documentation ?? '', /2012-10-17/);
  assert.equal(policyElement('Statement')?.name, 'Statement');
  assert.equal(policyElement('version'), undefined, 'element names are case-sensitive');
  assert.equal(policyElement('Bucket'), undefined);
});
