/** The organization's resource policy (as `emulator/operations/resourcePolicy.ts`): the model shows none of it. */
import { type ChangeTable, changesNothingShown } from './change';

export const resourcePolicyChanges: ChangeTable = {
  PutResourcePolicy: changesNothingShown,
  DeleteResourcePolicy: changesNothingShown,
};
