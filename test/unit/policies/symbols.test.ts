import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parsePolicyDocument } from '../../../server/src/policies/document';
import { policySymbols } from '../../../server/src/policies/symbols';

test('statements by Sid, or by position when they have none', () => {
  const text = '{ "Version": "2012-10-17", "Statement": [ { "Sid": "DenyLeave", "Effect": "Deny" }, { "Effect": "Allow" } ] }';
  const symbols = policySymbols(parsePolicyDocument(text, { knownKind: 'SERVICE_CONTROL_POLICY' }));
  assert.deepEqual(symbols.map(({ name, detail }) => ({ name, detail })), [{ name: 'DenyLeave', detail: 'Deny' }, { name: 'Statement 2', detail: 'Allow' }]);
  assert.equal(text.substr(symbols[0].selection.offset, symbols[0].selection.length), '"DenyLeave"');
});

test('management policies: their entries', () => {
  const symbols = policySymbols(parsePolicyDocument('{ "tags": { "costcenter": {}, "owner": {} } }', { knownKind: 'TAG_POLICY' }));
  assert.deepEqual(symbols.map((symbol) => [symbol.name, symbol.children.map((child) => child.name)]), [['tags', ['costcenter', 'owner']]]);
});
