/** Responsibility transfers (as `emulator/operations/transfers.ts`): the model shows none of them. */
import { type ChangeTable, changesNothingShown } from './change';

export const transferChanges: ChangeTable = {
  InviteOrganizationToTransferResponsibility: changesNothingShown,
  UpdateResponsibilityTransfer: changesNothingShown,
  TerminateResponsibilityTransfer: changesNothingShown,
};
