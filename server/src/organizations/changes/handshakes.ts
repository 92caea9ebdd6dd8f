/** The cache after changes to handshakes: invitations sent and answered, all features enabled (as `emulator/operations/handshakes.ts`). */
import type { Handshake, Root } from '@aws-sdk/client-organizations';
import { type Change, type ChangeTable, type Changed, reloadsEverything, rootsChanged } from './change';

/** The handshake the operation returned, shown at once in the list when the change is ours. */
function handshakeChanged(change: Change): Changed {
  const handshake = change.output.Handshake as Handshake | undefined;
  if (change.own && handshake?.Id) change.cache.pending.put('handshakes', handshake.Id, { ...handshake });
  if (!change.own) change.cache.handshakeLists.clear();
  return { scopes: ['handshakes'], ids: handshake?.Id ? [handshake.Id] : [] };
}

export const handshakeChanges: ChangeTable = {
  InviteAccountToOrganization: handshakeChanged,
  DeclineHandshake: handshakeChanged,
  CancelHandshake: handshakeChanged,

  AcceptHandshake: async (change) => {
    const { ids = [] } = handshakeChanged(change);
    // An accepted invitation adds an account under the root; an accepted all-features request changes the organization.
    change.cache.organization = undefined;
    // The caller is often the account that just joined, which may not list roots: use the roots known
    // already, and forget every cached list of children when none are.
    const roots = await (change.cache.roots ?? Promise.resolve([])).catch((): Root[] => []);
    if (!roots.length) change.cache.children.clear();
    return { scopes: ['handshakes', 'hierarchy', 'organization'], ids: [...ids, ...rootsChanged(change, roots)] };
  },

  EnableAllFeatures: reloadsEverything,
};
