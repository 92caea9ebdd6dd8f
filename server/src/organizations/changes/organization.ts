/** The cache after an organization is created or deleted (as `emulator/operations/organization.ts`). */
import { type ChangeTable, reloadsEverything } from './change';

export const organizationChanges: ChangeTable = {
  CreateOrganization: reloadsEverything,
  DeleteOrganization: reloadsEverything,
};
