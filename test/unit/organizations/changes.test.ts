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
