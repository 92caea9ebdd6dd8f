import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { scrambled } from '../../../server/src/emulator/ids';
import { organization } from './engineSupport';

test('scrambled IDs are distinct for distinct counters and have the kind\'s shape', () => {
  for (const [kind, pattern] of [['account', /^\d{12}$/], ['policy', /^[0-9a-z]{8}$/], ['handshake', /^[0-9a-z]{10}$/]] as const) {
    const seen = new Set<string>();
    for (let counter = 0; counter < 20_000; counter++) {
      const id = scrambled(kind, counter, 12345);
      assert.match(id, pattern);
      seen.add(id);
    }
    assert.equal(seen.size, 20_000, kind);
  }
  assert.notEqual(scrambled('policy', 0, 1), scrambled('policy', 0, 2), 'the salt changes the IDs');
  assert.notEqual(scrambled('policy', 0, 1).slice(-4), scrambled('handshake', 0, 1).slice(-4), 'kinds do not share digits');
});

test('IDs are never reused, even after the entity is deleted', () => {
  const org = organization();
  const seen = new Set<string>();
  for (let index = 0; index < 30; index++) {
    const id = org.call('CreateOrganizationalUnit', { ParentId: org.rootId, Name: `OU ${index}` }).OrganizationalUnit.Id;
    assert.ok(!seen.has(id));
    seen.add(id);
    org.call('DeleteOrganizationalUnit', { OrganizationalUnitId: id });
  }
});
