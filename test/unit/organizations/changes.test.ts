import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as Organizations from '@aws-sdk/client-organizations';
import { accountOperations } from '../../../server/src/emulator/operations/accounts';
import { handshakeOperations } from '../../../server/src/emulator/operations/handshakes';
import { organizationOperations } from '../../../server/src/emulator/operations/organization';
import { policyOperations } from '../../../server/src/emulator/operations/policies';
import { resourcePolicyOperations } from '../../../server/src/emulator/operations/resourcePolicy';
import { serviceOperations } from '../../../server/src/emulator/operations/services';
import { structureOperations } from '../../../server/src/emulator/operations/structure';
import { tagOperations } from '../../../server/src/emulator/operations/tags';
import { transferOperations } from '../../../server/src/emulator/operations/transfers';
import { accountChanges } from '../../../server/src/organizations/changes/accounts';
import { handshakeChanges } from '../../../server/src/organizations/changes/handshakes';
import { organizationChanges } from '../../../server/src/organizations/changes/organization';
import { policyChanges } from '../../../server/src/organizations/changes/policies';
import { resourcePolicyChanges } from '../../../server/src/organizations/changes/resourcePolicy';
import { serviceChanges } from '../../../server/src/organizations/changes/services';
import { structureChanges } from '../../../server/src/organizations/changes/structure';
import { tagChanges } from '../../../server/src/organizations/changes/tags';
import { transferChanges } from '../../../server/src/organizations/changes/transfers';
import { changeTable } from '../../../server/src/organizations/changes/table';
import { iamChangeTable, stsChangeTable } from '../../../server/src/organizations/changes/iam';
import { ModelCache } from '../../../server/src/organizations/cache';
import { PendingEdits } from '../../../server/src/organizations/pending';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { iamNodeId } from '../../../server/src/protocol';

/** Every operation of the SDK: its `<Name>Command` exports. */
const sdkOperations = Object.keys(Organizations).filter((name) => /^[A-Z]\w*Command$/.test(name) && name !== 'Command').map((name) => name.slice(0, -'Command'.length));

test('every operation of the SDK that changes the organization has an entry in the change table', () => {
  assert.ok(sdkOperations.length > 60, `${sdkOperations.length} operations`);
  const mutating = sdkOperations.filter((operation) => !/^(Describe|List)/.test(operation));
  const missing = mutating.filter((operation) => !Object.hasOwn(changeTable, operation));
  assert.deepEqual(missing, [], 'a new operation must say what it does to the cache, even that it changes nothing shown');
  assert.deepEqual(Object.keys(changeTable).filter((operation) => !sdkOperations.includes(operation)), [], 'every entry is an SDK operation');
});

test('each family of the change table records the operations of the same family of the engine', () => {
  const families = [
    [accountChanges, accountOperations], [handshakeChanges, handshakeOperations], [organizationChanges, organizationOperations],
    [policyChanges, policyOperations], [resourcePolicyChanges, resourcePolicyOperations], [serviceChanges, serviceOperations],
    [structureChanges, structureOperations], [tagChanges, tagOperations], [transferChanges, transferOperations],
  ] as const;
  for (const [changes, operations] of families) {
    for (const operation of Object.keys(changes)) assert.ok(Object.hasOwn(operations, operation), `${operation} is recorded in another family than the engine's`);
  }
});

test('every IAM and STS operation the engine serves that changes something has an entry in the IAM change table', () => {
  const mutating = (operations: readonly string[]) => operations.filter((operation) => !/^(Get|List|Simulate)/.test(operation));
  assert.deepEqual(mutating(OrganizationsEngine.iamOperations).filter((operation) => !Object.hasOwn(iamChangeTable, operation)), []);
  assert.deepEqual(mutating(OrganizationsEngine.stsOperations).filter((operation) => !Object.hasOwn(stsChangeTable, operation)), []);
  assert.deepEqual(Object.keys(iamChangeTable).filter((operation) => !OrganizationsEngine.iamOperations.includes(operation)), [], 'every entry is an IAM operation');
  // A role's inline policy changes what the view shows of the account's IAM; a tag does not.
  assert.deepEqual(iamChangeTable.PutRolePolicy('111122223333'), { scopes: ['iam'], ids: [iamNodeId('111122223333')] });
  assert.equal(iamChangeTable.TagRole('111122223333'), undefined);
});

test('enabling trusted access changes the IAM of every account the model shows: the service creates its role in each', async () => {
  const cache = new ModelCache(new PendingEdits());
  for (const id of ['111111111111', '222222222222']) cache.nodes.set(id, { kind: 'account', account: { Id: id, Name: id }, parentId: 'r-abcd', delegatedServices: [] });
  const changed = await changeTable.EnableAWSServiceAccess!({
    operation: 'EnableAWSServiceAccess', input: { ServicePrincipal: 'config.amazonaws.com' }, output: {}, own: false, cache,
    roots: async () => [], policy: async () => undefined,
  });
  assert.ok(changed?.scopes.includes('iam') && changed.scopes.includes('trustedServices'));
  assert.deepEqual(changed?.ids, [iamNodeId('111111111111'), iamNodeId('222222222222')]);
});
