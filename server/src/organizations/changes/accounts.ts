/** The cache after changes to accounts: created, moved, removed, closed, or leaving (as `emulator/operations/accounts.ts`). */
import type { CreateAccountStatus } from '@aws-sdk/client-organizations';
import { changedParent, type ChangeRecorder, type ChangeTable, field, reloadsEverything, removedFromParent, rootsChanged } from './change';

/** The account appears once its creation succeeds, which DescribeCreateAccountStatus reports. */
const creationStarted: ChangeRecorder = () => ({ scopes: ['hierarchy'], ids: [] });

export const accountChanges: ChangeTable = {
  CreateAccount: creationStarted,
  CreateGovCloudAccount: creationStarted,

  // A read, but the one that tells a created account has joined: it appears under the root.
  DescribeCreateAccountStatus: async (change) => {
    const status = change.output.CreateAccountStatus as CreateAccountStatus | undefined;
    if (status?.State !== 'SUCCEEDED') return undefined;
    return { scopes: ['hierarchy'], ids: rootsChanged(change, await change.roots()) };
  },

  MoveAccount: (change) => {
    const { cache } = change;
    const id = field(change.input, 'AccountId')!;
    const source = field(change.input, 'SourceParentId')!;
    const destination = field(change.input, 'DestinationParentId')!;
    const node = cache.nodes.get(id);
    if (change.own) {
      cache.pending.delete(`accounts:${source}`, id);
      if (node?.kind === 'account') cache.pending.put(`accounts:${destination}`, id, { ...node.account });
      else cache.forgetChildren(destination);
      cache.parentOf.set(id, destination);
      if (node?.kind === 'account') cache.nodes.set(id, { ...node, parentId: destination });
    }
    const ids = [id, ...changedParent(change, source), ...changedParent(change, destination)];
    // Inherited policies of the account changed with its parent.
    cache.forgetDirectPolicies(id);
    return { scopes: ['hierarchy', 'policies'], ids };
  },

  RemoveAccountFromOrganization: (change) => removedFromParent(change, 'accounts', field(change.input, 'AccountId')!),

  CloseAccount: (change) => {
    const { cache } = change;
    const id = field(change.input, 'AccountId')!;
    const parentId = cache.parentOf.get(id);
    const node = cache.nodes.get(id);
    if (change.own && parentId && node?.kind === 'account') {
      cache.pending.put(`accounts:${parentId}`, id, { ...node.account, State: 'PENDING_CLOSURE', Status: 'PENDING_CLOSURE' });
    }
    return { scopes: ['hierarchy'], ids: [id, ...changedParent(change, parentId)] };
  },

  LeaveOrganization: reloadsEverything,
};
