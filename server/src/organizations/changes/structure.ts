/** The cache after changes to the organization's structure: OUs created, renamed and deleted (as `emulator/operations/structure.ts`). */
import type { OrganizationalUnit } from '@aws-sdk/client-organizations';
import { changedParent, type ChangeTable, field, removedFromParent } from './change';

export const structureChanges: ChangeTable = {
  CreateOrganizationalUnit: (change) => {
    const parentId = field(change.input, 'ParentId')!;
    const organizationalUnit = change.output.OrganizationalUnit as OrganizationalUnit | undefined;
    if (change.own && organizationalUnit?.Id) change.cache.pending.put(`ous:${parentId}`, organizationalUnit.Id, { ...organizationalUnit });
    return { scopes: ['hierarchy'], ids: changedParent(change, parentId) };
  },

  UpdateOrganizationalUnit: (change) => {
    const id = field(change.input, 'OrganizationalUnitId')!;
    const parentId = change.cache.parentOf.get(id);
    const organizationalUnit = change.output.OrganizationalUnit as OrganizationalUnit | undefined;
    if (change.own && parentId && organizationalUnit) change.cache.pending.put(`ous:${parentId}`, id, { ...organizationalUnit });
    return { scopes: ['hierarchy'], ids: [id, ...changedParent(change, parentId)] };
  },

  DeleteOrganizationalUnit: (change) => removedFromParent(change, 'ous', field(change.input, 'OrganizationalUnitId')!),
};
