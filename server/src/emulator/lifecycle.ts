/**
 * The clock-driven progress of asynchronous work, applied before each call: CreateAccount requests complete,
 * closing accounts become SUSPENDED then CLOSED, open handshakes expire, and finished handshakes drop out of
 * lists after 30 days. No timers: everything follows from the injected clock.
 */
import { POST_CLOSURE_PERIOD_MS, type Context } from './context';
import { createAccountAccessRole, joinOrganization } from './iam/automatic';
import type { Records } from './state';

/** Finished handshakes stay listed for 30 days. */
export const FINISHED_HANDSHAKE_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** When a record next changes by itself, if ever (milliseconds since the epoch). */
export function dueTime(collection: string, record: unknown, timings: Context['timings']): number | undefined {
  if (!record) return undefined;
  if (collection === 'createAccountStatuses') {
    const status = record as Records['createAccountStatuses'];
    return status.State === 'IN_PROGRESS' ? Date.parse(status.DueTimestamp) : undefined;
  }
  if (collection === 'accounts') {
    const account = record as Records['accounts'];
    if (!account.ClosureRequestedTimestamp) return undefined;
    const requested = Date.parse(account.ClosureRequestedTimestamp);
    if (account.State === 'PENDING_CLOSURE') return requested + timings.accountClosureMs;
    if (account.State === 'SUSPENDED') return requested + timings.accountClosureMs + POST_CLOSURE_PERIOD_MS;
    return undefined;
  }
  if (collection === 'handshakes') {
    const handshake = record as Records['handshakes'];
    if (handshake.State === 'OPEN' || handshake.State === 'REQUESTED') return Date.parse(handshake.ExpirationTimestamp);
    return handshake.FinishedTimestamp ? Date.parse(handshake.FinishedTimestamp) + FINISHED_HANDSHAKE_RETENTION_MS : undefined;
  }
  return undefined;
}

/** The collections whose records can fall due. */
export const timedCollections = ['createAccountStatuses', 'accounts', 'handshakes'] as const;

export type TimedCollection = (typeof timedCollections)[number];

/**
 * Applies everything due at `ctx.now` in the collections named; returns the operations whose asynchronous work
 * progressed (CreateAccount, CloseAccount, or the handshake's originating operation).
 */
export function settle(ctx: Context, due: ReadonlySet<TimedCollection>): Set<string> {
  const progressed = new Set<string>();
  const now = ctx.now.getTime();
  const organization = ctx.organization();
  for (const status of due.has('createAccountStatuses') ? ctx.tx.values('createAccountStatuses') : []) {
    if (status.State !== 'IN_PROGRESS' || Date.parse(status.DueTimestamp) > now) continue;
    progressed.add('CreateAccount');
    const completed = { ...status, CompletedTimestamp: status.DueTimestamp };
    if (status.FailureReason || !organization) {
      ctx.tx.put('createAccountStatuses', status.Id, { ...completed, State: 'FAILED', FailureReason: status.FailureReason ?? 'INTERNAL_FAILURE' });
      continue;
    }
    ctx.tx.put('createAccountStatuses', status.Id, { ...completed, State: 'SUCCEEDED' });
    const account = joinOrganization(ctx, 
      { Id: status.AccountId, Name: status.AccountName, Email: status.Email, State: 'ACTIVE' },
      ctx.root().Id,
      'CREATED',
    );
    ctx.tx.put('accounts', account.Id, { ...account, JoinedTimestamp: status.DueTimestamp });
    createAccountAccessRole(ctx, account.Id, status.RoleName, organization.MasterAccountId);
    if (status.Tags.length) ctx.tx.put('tags', account.Id, status.Tags);
  }
  for (const account of due.has('accounts') ? ctx.tx.values('accounts') : []) {
    const due = dueTime('accounts', account, ctx.timings);
    if (due === undefined || due > now) continue;
    progressed.add('CloseAccount');
    const closedSince = Date.parse(account.ClosureRequestedTimestamp!) + ctx.timings.accountClosureMs;
    const state = now >= closedSince + POST_CLOSURE_PERIOD_MS ? 'CLOSED' : 'SUSPENDED';
    ctx.tx.put('accounts', account.Id, { ...account, State: state });
  }
  for (const handshake of due.has('handshakes') ? ctx.tx.values('handshakes') : []) {
    const due = dueTime('handshakes', handshake, ctx.timings);
    if (due === undefined || due > now) continue;
    progressed.add(handshake.Action === 'INVITE' ? 'InviteAccountToOrganization' : 'EnableAllFeatures');
    if (handshake.State === 'OPEN' || handshake.State === 'REQUESTED') {
      ctx.tx.put('handshakes', handshake.Id, { ...handshake, State: 'EXPIRED', FinishedTimestamp: handshake.ExpirationTimestamp });
      if (organization?.AllFeaturesHandshakeId === handshake.Id) {
        const { AllFeaturesHandshakeId: _expired, ...rest } = organization;
        ctx.tx.put('organization', 'organization', rest);
      }
    } else {
      ctx.tx.delete('handshakes', handshake.Id);
    }
  }
  return progressed;
}
