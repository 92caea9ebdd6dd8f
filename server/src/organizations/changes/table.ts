/**
 * The change table: every operation that changes the organization, by family as in `emulator/operations/`, with
 * what it does to the model's cache. test/unit/organizations/changes.test.ts checks that every mutating operation
 * of the SDK has an entry, so a new operation cannot be forgotten.
 */
import { accountChanges } from './accounts';
import type { ChangeTable } from './change';
import { handshakeChanges } from './handshakes';
import { organizationChanges } from './organization';
import { policyChanges } from './policies';
import { resourcePolicyChanges } from './resourcePolicy';
import { serviceChanges } from './services';
import { structureChanges } from './structure';
import { tagChanges } from './tags';
import { transferChanges } from './transfers';

export const changeTable: ChangeTable = {
  ...organizationChanges,
  ...structureChanges,
  ...accountChanges,
  ...handshakeChanges,
  ...policyChanges,
  ...serviceChanges,
  ...tagChanges,
  ...resourcePolicyChanges,
  ...transferChanges,
};
