/**
 * Effective permissions of principals in the editor: the context account's principals that may perform the
 * hovered action (a section appended to the action hover), the Who Can request over the root, an OU, an
 * account or the whole organization, and the catalog's actions for its picker. Principals are read per account through the connection's principals
 * reader (organizations/principals.ts), on demand, a few accounts at a time; an account that cannot be read is
 * named in the answer, never skipped in silence.
 */
import { Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { arnParts } from '../aws/arn';
import { expandActionPattern } from '../aws/catalog';
import { principalFacts, principalsOf, type AccountPrincipals, type ConnectionPrincipals } from '../organizations/principals';
import { concreteActions } from '../permissions/actionCatalog';
import { accountsUnder } from '../permissions/effectivePermissions';
import type { OrganizationPermissions } from '../permissions/organization';
import type { PrincipalFacts } from '../permissions/principals';
import { renderAccountPrincipals, renderWhoCan, UnreadAccount, whoCan } from '../permissions/whoCan';
import { catalogActionsRequest, whoCanRequest, type WhoCanRow } from '../protocol';
import type { OrganizationService } from './organization';

/** How many accounts are read at once: enough to overlap the round trips, few enough not to be throttled. */
const concurrentReads = 4;

/** The facts of each read, derived once. */
const factsOfRead = new WeakMap<AccountPrincipals, PrincipalFacts[]>();

/** The principals of some accounts, with the accounts that could not be read and when the oldest was read. */
interface ReadPrincipals {
  principals: PrincipalFacts[];
  unread: UnreadAccount[];
  readAt?: Date;
}

async function readAccounts(reader: ConnectionPrincipals, accountIds: readonly string[]): Promise<ReadPrincipals> {
  const reads: AccountPrincipals[] = [];
  let next = 0;
  const worker = async () => {
    while (next < accountIds.length) reads.push(await reader.read(accountIds[next++]));
  };
  await Promise.all(Array.from({ length: Math.min(concurrentReads, accountIds.length) }, worker));
  const principals: PrincipalFacts[] = [];
  const unread: UnreadAccount[] = [];
  for (const read of reads.sort((a, b) => accountIds.indexOf(a.accountId) - accountIds.indexOf(b.accountId))) {
    if (read.error) {
      unread.push({ accountId: read.accountId, reason: `${read.error.name}: ${read.error.message}` });
      continue;
    }
    let facts = factsOfRead.get(read);
    if (!facts) factsOfRead.set(read, (facts = principalFacts(read)));
    principals.push(...facts);
  }
  const readAt = reads.map((read) => read.readAt).sort((a, b) => a.getTime() - b.getTime())[0];
  return { principals, unread, ...(readAt ? { readAt } : {}) };
}

/** The hover section of the context account for an action entry; a failure to read becomes its text, never the hover's end. */
export async function principalsHover(organization: OrganizationService, permissions: OrganizationPermissions, entry: string, accountId: string): Promise<string> {
  try {
    const actions = await concreteActions(entry);
    const { principals, unread, readAt } = await organization.run(async (_model, active) => readAccounts(principalsOf(active), [accountId]));
    return renderAccountPrincipals(accountId, entry, whoCan(permissions, principals, actions), actions.length, unread, readAt);
  } catch (error) {
    return `**Principals of account ${accountId}** could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The accounts in the scope of a target: the root's or an OU's accounts below it, or the account itself. */
function accountsInScope(permissions: OrganizationPermissions, targetId: string | undefined): { accounts: string[]; scope: string } {
  if (targetId === undefined || targetId === permissions.graph.RootId) return { accounts: permissions.graph.Accounts.map((account) => account.Id), scope: 'the whole organization' };
  const target = permissions.target(targetId);
  if (!target) throw new ResponseError(LSPErrorCodes.RequestFailed, `${targetId} is not a root, OU or account of this organization.`);
  if (target.Type === 'ACCOUNT') return { accounts: [targetId], scope: `account ${target.Name} (${targetId})` };
  return { accounts: accountsUnder(permissions, targetId), scope: `OU ${target.Name} (${targetId}) and the OUs below it` };
}

/** Registers the Who Can request; `permissions` gives the evaluator's organization of the connection in use. */
export function startPrincipalPermissions(connection: Connection, organization: OrganizationService, permissions: () => Promise<OrganizationPermissions>): void {
  connection.onRequest(whoCanRequest, async ({ action, targetId, resource }) => {
    // An entry the catalog does not know would be compared as written and answer for an action that does not exist.
    if (!(await expandActionPattern(action)).length) throw new ResponseError(LSPErrorCodes.RequestFailed, `${action} matches no action of the IAM catalog.`);
    const actions = await concreteActions(action);
    const organizationPermissions = await permissions();
    const { accounts, scope } = accountsInScope(organizationPermissions, targetId);
    const { principals, unread } = await organization.run(async (_model, active) => readAccounts(principalsOf(active), accounts));
    // A resource ARN names its account (S3 buckets' do not: their RCPs are then those of each principal's account).
    const resourceAccount = resource ? arnParts(resource)?.[4] : undefined;
    const answers = whoCan(organizationPermissions, principals, actions, resource ? { resource, ...(resourceAccount ? { resourceAccount } : {}) } : {});
    const rows: WhoCanRow[] = answers.map(({ verdict, allowed, depends, deniedOnlyByOrganization }) => ({
      accountId: verdict.principal.accountId, kind: verdict.principal.kind, name: verdict.principal.name, arn: verdict.principal.arn,
      reason: verdict.reason, allowedActions: allowed, dependsActions: depends, deniedOnlyByOrganization,
    }));
    return { markdown: renderWhoCan(action, scope, answers, actions.length, unread, accounts.length), rows, unreadAccounts: unread.length };
  });

  connection.onRequest(catalogActionsRequest, async ({ prefix, limit }) => {
    const typed = prefix.trim();
    const matched = await expandActionPattern(/[*?]/.test(typed) ? typed : `${typed}*`);
    return matched.slice(0, limit).map((action) => ({ action: `${action.service}:${action.name}`, description: action.description, accessLevel: action.accessLevel }));
  });
}
