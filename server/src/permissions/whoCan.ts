/**
 * Who can perform an action entry (`s3:DeleteBucket`, `s3:Delete*`): every principal evaluated with its own
 * policies (principals.ts), the concrete actions of a wildcard grouped into the classes that the organization's
 * and the principal's policies treat alike, so that each class costs one evaluation. An answer keeps, per
 * principal, its decisive verdict and how many of the actions it may perform; and Markdown for the hover of the
 * context account and for the Who Can report, grouped by decisive reason.
 */
import type { OrganizationPermissions } from './organization';
import { compilePolicy, statementActionPatterns } from './policyDocument';
import { evaluatePrincipal, PrincipalFacts, PrincipalQuestion, PrincipalReason, PrincipalVerdict } from './principals';
import { causeLabel, dependencyLabel, statementLabel } from './render';
import { actionSignatures } from './summary';

/** One principal's answer for an action entry. */
export interface PrincipalAnswer {
  /** The first allowed action's verdict, else the first that depends on the request, else the first that only the organization denies, else the first. */
  verdict: PrincipalVerdict;
  /** How many of the entry's actions it may perform. */
  allowed: number;
  /** How many of them it may perform or not depending on the request (a condition on its Region, its source...). */
  depends: number;
  /** How many of them IAM grants and only the organization's SCPs or RCPs deny. */
  deniedOnlyByOrganization: number;
}

/** Evaluates the concrete actions of an entry for each principal. */
export function whoCan(organization: OrganizationPermissions, principals: readonly PrincipalFacts[], actions: readonly string[], question: Omit<PrincipalQuestion, 'action'> = {}): PrincipalAnswer[] {
  return principals.map((principal) => {
    const patterns = [...principal.identityPolicies, ...(principal.permissionsBoundary ? [principal.permissionsBoundary] : [])]
      .flatMap((policy) => compilePolicy(policy.Name, policy.Document).statements.flatMap(statementActionPatterns));
    const signatures = actions.length > 1 ? actionSignatures(organization, patterns) : () => '';
    const classes = new Map<string, { verdict: PrincipalVerdict; actions: number }>();
    for (const action of actions) {
      const signature = signatures(action);
      const known = classes.get(signature);
      if (known) known.actions++;
      else classes.set(signature, { verdict: evaluatePrincipal(organization, principal, { ...question, action }), actions: 1 });
    }
    const all = [...classes.values()];
    const count = (test: (verdict: PrincipalVerdict) => boolean) => all.filter((entry) => test(entry.verdict)).reduce((sum, entry) => sum + entry.actions, 0);
    const verdict = (all.find((entry) => entry.verdict.reason === 'allowed') ?? all.find((entry) => entry.verdict.reason === 'depends')
      ?? all.find((entry) => entry.verdict.deniedOnlyByOrganization) ?? all[0]).verdict;
    return {
      verdict,
      allowed: count((candidate) => candidate.reason === 'allowed'),
      depends: count((candidate) => candidate.reason === 'depends'),
      deniedOnlyByOrganization: count((candidate) => candidate.deniedOnlyByOrganization),
    };
  });
}

/** An account that could not be read, and why. */
export interface UnreadAccount {
  accountId: string;
  reason: string;
}

const reasonHeading: Record<PrincipalReason, string> = {
  allowed: 'Allowed',
  scp: 'Denied by an SCP',
  rcp: 'Denied by an RCP',
  identity: 'Not granted by IAM',
  boundary: 'Cut by a permissions boundary',
  depends: 'Depends on the request',
};

const reasonOrder: PrincipalReason[] = ['allowed', 'depends', 'scp', 'rcp', 'boundary', 'identity'];

/** `role Admin` (in account 1111...) */
function principalLabel(answer: PrincipalAnswer, withAccount: boolean): string {
  const { principal } = answer.verdict;
  const linked = principal.serviceLinked ? ', service-linked' : '';
  return `${principal.kind} \`${principal.name}\`${withAccount ? ` in ${principal.accountId}` : ''}${linked}`;
}

/** Why, in one line: the statements that allowed, the level and statements that denied, or what it depends on. */
function why(answer: PrincipalAnswer, total: number): string {
  const { verdict } = answer;
  const { decision } = verdict;
  const share = total > 1 ? ` (${answer.allowed} of ${total} actions)` : '';
  if (decision.noPermissionRequired) return 'needs no permission: no policy can deny it';
  if (verdict.reason === 'allowed') return `${verdict.statements.map(statementLabel).join(', ') || 'allowed'}${share}`;
  if (verdict.reason === 'depends') return `${decision.dependsOn.slice(0, 3).map(dependencyLabel).join('; ')}${total > 1 ? ` (${answer.depends} of ${total} actions)` : ''}`;
  if (verdict.reason === 'identity' && decision.cause?.kind === 'implicitDeny') return 'no identity policy allows it';
  const cause = decision.cause ? causeLabel(decision.cause) : reasonHeading[verdict.reason];
  // An explicit Deny of the organization decides first; say when IAM would not have granted it anyway.
  return (verdict.reason === 'scp' || verdict.reason === 'rcp') && !verdict.deniedOnlyByOrganization ? `${cause}; IAM does not grant it either` : cause;
}

/** The group of an answer: its reason, and for the organization's denials the level that denies. */
function groupOf(answer: PrincipalAnswer): string {
  const { reason, decision } = answer.verdict;
  const target = decision.cause?.target;
  return (reason === 'scp' || reason === 'rcp') && target ? `${reasonHeading[reason]} at ${target.Type === 'ROOT' ? 'the root' : `${target.Type === 'ACCOUNT' ? 'account' : 'OU'} \`${target.Name}\``}` : reasonHeading[reason];
}

/** The answers grouped by decisive reason, allowed first, as Markdown lists. */
export function renderPrincipalGroups(answers: readonly PrincipalAnswer[], total: number, withAccount: boolean): string[] {
  const groups = new Map<string, PrincipalAnswer[]>();
  const sorted = [...answers].sort((a, b) => reasonOrder.indexOf(a.verdict.reason) - reasonOrder.indexOf(b.verdict.reason));
  for (const answer of sorted) {
    const key = groupOf(answer);
    groups.set(key, [...(groups.get(key) ?? []), answer]);
  }
  return [...groups].flatMap(([heading, members]) => [
    `*${heading}* (${members.length}):`, '',
    ...members.map((answer) => `- ${principalLabel(answer, withAccount)}: ${why(answer, total)}`), '',
  ]);
}

/** The sentence naming the accounts that could not be read, if any. */
export function renderUnread(unread: readonly UnreadAccount[]): string[] {
  if (!unread.length) return [];
  const count = unread.length === 1 ? '1 account could not be read' : `${unread.length} accounts could not be read`;
  return [`**${count}**, so this answer leaves out its principals:`, '', ...unread.map((account) => `- ${account.accountId}: ${account.reason}`), ''];
}

/** What the answer does not consider. */
export const notConsidered = '_Session policies and resource-based policies (bucket, key and trust policies) are not considered._';

/** The hover section of the context account: its principals that may perform the entry, grouped by reason. */
export function renderAccountPrincipals(accountId: string, entry: string, answers: readonly PrincipalAnswer[], total: number, unread: readonly UnreadAccount[], readAt?: Date): string {
  const heading = `**Principals of account ${accountId}** for \`${entry}\`${readAt ? ` (IAM read ${readAt.toISOString()})` : ''}`;
  if (unread.length) return [heading, '', ...renderUnread(unread)].join('\n').trimEnd();
  if (!answers.length) return `${heading}: the account has no roles or users.`;
  return [heading, '', ...renderPrincipalGroups(answers, total, false), notConsidered].join('\n');
}

/** The Who Can report: who may perform it, who is denied only by the organization's policies, and who could not be read. */
export function renderWhoCan(entry: string, scope: string, answers: readonly PrincipalAnswer[], total: number, unread: readonly UnreadAccount[], accounts: number): string {
  const may = answers.filter((answer) => answer.allowed > 0 || answer.depends > 0);
  const exposed = answers.filter((answer) => !may.includes(answer) && answer.deniedOnlyByOrganization > 0);
  const entryText = total > 1 ? `\`${entry}\` (${total} actions)` : `\`${entry}\``;
  const lines = [
    `# Who can perform ${entryText}?`, '',
    `In ${scope}: ${answers.length} principals of ${accounts - unread.length} accounts evaluated with their identity policies, permissions boundaries, SCPs and RCPs.`, '',
    ...renderUnread(unread),
    `## May perform it (${may.length})`, '',
    'Those under *Depends on the request* may perform it when the condition shown holds.', '',
    ...(may.length ? renderPrincipalGroups(may, total, true) : ['No principal may perform it.', '']),
    `## Denied only by the organization's policies (${exposed.length})`, '',
    'IAM grants these principals the action; only SCPs or RCPs deny it, so a change to those policies would expose them.', '',
    ...(exposed.length ? renderPrincipalGroups(exposed, total, true) : ['None.', '']),
    `The other ${answers.length - may.length - exposed.length} principals are not granted it by IAM, or their permissions boundary cuts it.`, '',
    notConsidered,
  ];
  return lines.join('\n');
}
