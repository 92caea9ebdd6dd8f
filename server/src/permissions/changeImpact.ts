/**
 * What a change to the organization's structure does to permissions, before it is made: moving accounts to
 * another parent, attaching a policy to targets, or detaching it. Every action of the IAM catalog is evaluated
 * for every account before and after (actions that every statement treats alike are evaluated once), so that a
 * `NotAction` or a `"*"` is weighed as IAM weighs it, for the role the management account assumes in each account
 * (OrganizationAccountAccessRole). An account that would be allowed nothing afterwards is locked out. Pure: the text
 * is plain, for a modal confirmation.
 */
import { needsNoPermission } from '../aws/noPermissionActions';
import { concreteActions } from './actionCatalog';
import { accessChanges, Access } from './impact';
import { OrganizationGraph } from './model';
import { OrganizationPermissions } from './organization';
import { summarizeActions, SummaryRequest } from './summary';

/** The role Organizations creates in every account it creates, which the management account assumes there. */
const accessRoleName = 'OrganizationAccountAccessRole';

/** A change whose effect on permissions is shown before it is made. */
export type StructureChange =
  | { kind: 'move'; accountIds: readonly string[]; destinationId: string }
  | { kind: 'attach' | 'detach'; policyId: string; targetIds: readonly string[] };

/** Accounts whose access changes the same way. */
export interface AccountsImpact {
  accountIds: string[];
  /** Actions allowed before and denied after, and the reverse. */
  lost: string[];
  gained: string[];
  /** Actions whose answer now depends on conditions of the request (a Region, a principal). */
  conditional: string[];
  /** Allowed something before, nothing after. */
  lockedOut: boolean;
}

export interface ChangeImpact {
  /** False when the change cannot affect permissions (a tag policy, SCPs not enabled, the management account). */
  evaluated: boolean;
  groups: AccountsImpact[];
}

/** The graph after the change; targets and accounts the graph does not know are left alone. */
export function applyStructureChange(graph: OrganizationGraph, change: StructureChange): OrganizationGraph {
  if (change.kind === 'move') {
    const moved = new Set(change.accountIds);
    return { ...graph, Accounts: graph.Accounts.map((account) => (moved.has(account.Id) ? { ...account, ParentId: change.destinationId } : account)) };
  }
  const targets = new Set(change.targetIds);
  const others = graph.Attachments.filter((attachment) => attachment.PolicyId !== change.policyId || !targets.has(attachment.TargetId));
  return {
    ...graph,
    Attachments: change.kind === 'detach' ? others : [...others, ...change.targetIds.map((TargetId) => ({ PolicyId: change.policyId, TargetId }))],
  };
}

/** Whether the change can touch permissions at all: only SCPs and RCPs do, and only where their type is enabled. */
function evaluated(organization: OrganizationPermissions, change: StructureChange): boolean {
  const { graph } = organization;
  if (change.kind !== 'move') return graph.Policies.some((policy) => policy.Id === change.policyId);
  return graph.EnabledPolicyTypes.length > 0 && change.accountIds.some((id) => id !== graph.ManagementAccountId);
}

/**
 * The actions of the IAM catalog (matching `pattern`) that a policy can decide. Actions that need no permission (sts:GetCallerIdentity)
 * stay allowed whatever changes: an account left only those is locked out all the same.
 */
async function weighedActions(pattern = '*'): Promise<string[]> {
  return (await concreteActions(pattern)).filter((action) => !needsNoPermission(action));
}

/** Every account's gains and losses from the change, grouped by accounts that change alike. */
export async function impactOfStructureChange(organization: OrganizationPermissions, change: StructureChange): Promise<ChangeImpact> {
  if (!evaluated(organization, change)) return { evaluated: false, groups: [] };
  const after = organization.withGraph(applyStructureChange(organization.graph, change));
  const question = { actions: await weighedActions(), ...asAccessRole(organization) };
  const { changes } = accessChanges(organization, after, question);
  const byAccount = new Map<string, { lost: string[]; gained: string[]; conditional: string[] }>();
  for (const { accounts, actions: changed, after: now } of changes) {
    const bucket = bucketOf(now);
    for (const accountId of accounts) {
      let account = byAccount.get(accountId);
      if (!account) byAccount.set(accountId, (account = { lost: [], gained: [], conditional: [] }));
      account[bucket].push(...changed);
    }
  }
  const allowedAfter = allowedAnything(after, question);
  const groups = new Map<string, AccountsImpact>();
  for (const [accountId, { lost, gained, conditional }] of byAccount) {
    for (const list of [lost, gained, conditional]) list.sort();
    const lockedOut = !allowedAfter.has(accountId);
    const key = JSON.stringify([lost, gained, conditional, lockedOut]);
    const group = groups.get(key);
    if (group) group.accountIds.push(accountId);
    else groups.set(key, { accountIds: [accountId], lost, gained, conditional, lockedOut });
  }
  // Lockouts first, then the largest losses.
  return { evaluated: true, groups: [...groups.values()].sort((a, b) => Number(b.lockedOut) - Number(a.lockedOut) || b.lost.length - a.lost.length) };
}

/** A denial after is a loss, an allow after a gain (whether before was certain or depended on conditions). */
function bucketOf(after: Access): 'lost' | 'gained' | 'conditional' {
  if (after === 'depends') return 'conditional';
  return after === 'denied' ? 'lost' : 'gained';
}

/**
 * Who asks: the role Organizations creates in each account for the management account, not the account's root user.
 * Without a principal, SCPs that deny the root user (AWS's own example) make every action "depend" on who asks, and a
 * change would show no difference that matters to the people who run the accounts.
 */
function asAccessRole(organization: OrganizationPermissions): Omit<SummaryRequest, 'actions'> {
  return {
    principalType: 'AssumedRole',
    context: { 'aws:PrincipalArn': `arn:aws:iam::${organization.graph.ManagementAccountId}:role/${accessRoleName}` },
  };
}

/** The accounts allowed at least one action (or one that depends on conditions). */
function allowedAnything(organization: OrganizationPermissions, question: SummaryRequest): Set<string> {
  const allowed = new Set<string>();
  // The comparison summarized the same question: this answer comes from the organization's memory.
  for (const summary of summarizeActions(organization, question).classes) {
    for (const [accountId, decision] of summary.decisions) if (decision === 'allowed' || decision === 'depends') allowed.add(accountId);
  }
  return allowed;
}

/** How many actions or services a sentence names before "and N more". */
const namedLimit = 6;

/**
 * The impact in plain sentences, one per group of accounts, lockouts first; `nameOf` gives an account's
 * `Name (ID)`. Empty when nothing changes.
 */
export async function describeChangeImpact(impact: ChangeImpact, nameOf: (accountId: string) => string): Promise<string[]> {
  const everything = await weighedActions();
  const sentences: string[] = [];
  for (const group of impact.groups) {
    const who = listed(group.accountIds.map(nameOf), 'account');
    const parts: string[] = [];
    if (group.lockedOut) parts.push('would be denied every action: locked out (even OrganizationAccountAccessRole, the role the management account assumes there, could do nothing)');
    else if (group.lost.length) parts.push(`${group.accountIds.length === 1 ? 'loses' : 'lose'} ${await describeActions(group.lost, everything)}`);
    if (group.gained.length) parts.push(`${group.accountIds.length === 1 ? 'gains' : 'gain'} ${await describeActions(group.gained, everything)}`);
    if (group.conditional.length) parts.push(`may do ${await describeActions(group.conditional, everything)} only under conditions of the request`);
    if (parts.length) sentences.push(`${group.lockedOut ? '⚠ ' : ''}${who} ${parts.join('; ')}.`);
  }
  if (sentences.length) sentences.push(`As seen by ${accessRoleName} in each account; the root user, and roles that policies name, may differ.`);
  return sentences;
}

/**
 * Actions by service: a whole service as `s3:*`, the rest by name, the first few named; most of the catalog
 * as "every action except" the rest.
 */
async function describeActions(actions: readonly string[], everything: readonly string[]): Promise<string> {
  if (actions.length >= everything.length) return `every action (${actions.length.toLocaleString('en-US')})`;
  if (actions.length > everything.length / 2) {
    const named = new Set(actions);
    return `every action except ${await nameActions(everything.filter((action) => !named.has(action)))}`;
  }
  return `${actions.length.toLocaleString('en-US')} action${actions.length === 1 ? '' : 's'}: ${await nameActions(actions)}`;
}

async function nameActions(actions: readonly string[]): Promise<string> {
  const byService = new Map<string, string[]>();
  for (const action of actions) {
    const service = action.slice(0, action.indexOf(':'));
    const list = byService.get(service);
    if (list) list.push(action);
    else byService.set(service, [action]);
  }
  const items: string[] = [];
  for (const [service, list] of byService) {
    if (list.length > 1 && list.length >= (await weighedActions(`${service}:*`)).length) items.push(`${service}:* (all ${list.length})`);
    else items.push(...list);
  }
  return listed(items, 'more');
}

/** `a, b and c`, or the first few and "and N more". */
function listed(items: readonly string[], noun: 'account' | 'more'): string {
  if (items.length <= namedLimit) return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  const rest = items.length - namedLimit + 1;
  return `${items.slice(0, namedLimit - 1).join(', ')} and ${rest} more${noun === 'account' ? ` account${rest === 1 ? '' : 's'}` : ''}`;
}
