/**
 * Migrations of the engine's state, run when a state of an older version is opened, as one commit: the state
 * file of a previous version opens with its data carried forward, never reset.
 *
 * Version 2 gave every account IAM: the version-1 record of each service-linked role (`serviceLinkedRoles`,
 * `<account>|<principal>`) becomes the role itself, and the roles AWS would have created meanwhile are added:
 * `AWSServiceRoleForOrganizations` in every member account and the role CreateAccount preconfigured in each
 * account it created.
 */
import { ORGANIZATIONS_SERVICE_PRINCIPAL } from '../aws/serviceLinkedRoles';
import { Context, type Timings } from './context';
import { createAccountAccessRole, createServiceLinkedRole } from './iam/automatic';
import type { Quotas } from './quotas';
import { SINGLE, Transaction, type State } from './state';
import type { Change } from './store';

/** The version of the state this code writes. */
export const STATE_VERSION = 2;

/** The changes that bring a state to the current version (none when it is current or new). */
export function migrate(state: State, now: Date, quotas: Quotas, timings: Timings): Change[] {
  // A state without a version record is a new one (empty) or one of version 1, which had none.
  const version = (state.get('stateVersion')?.get(SINGLE) as number | undefined) ?? (state.size ? 1 : STATE_VERSION);
  if (version >= STATE_VERSION) return [];
  const tx = new Transaction(state);
  const organization = tx.get('organization', SINGLE);
  const ctx = new Context(tx, now, organization?.MasterAccountId ?? '000000000000', quotas, timings);
  for (const [key, record] of state.get('serviceLinkedRoles' as never) ?? new Map<string, unknown>()) {
    const { AccountId, ServicePrincipal } = record as { AccountId: string; ServicePrincipal: string };
    createServiceLinkedRole(ctx, AccountId, ServicePrincipal);
    tx.delete('serviceLinkedRoles' as never, key);
  }
  if (organization) {
    for (const account of ctx.members()) {
      if (account.Id !== organization.MasterAccountId) createServiceLinkedRole(ctx, account.Id, ORGANIZATIONS_SERVICE_PRINCIPAL);
    }
    for (const status of tx.values('createAccountStatuses')) {
      if (status.State === 'SUCCEEDED' && ctx.member(status.AccountId)) createAccountAccessRole(ctx, status.AccountId, status.RoleName, organization.MasterAccountId);
    }
  }
  tx.put('stateVersion', SINGLE, STATE_VERSION);
  return tx.changes();
}
