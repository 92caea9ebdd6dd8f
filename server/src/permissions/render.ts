/**
 * Markdown for effective permissions: a decision with its chain of levels ("Why is this denied?"), an
 * organization-wide summary (hover), where an SCP or RCP is attached and the impact of an edit (hover and
 * CodeLens), and the reports of an account and of an OU ("Show effective permissions"). Plain data in, text out.
 */
import type { EntryExplanation, ServiceAccess, UnitAccess } from './effectivePermissions';
import type { AttachedPolicy, PolicyEditImpact } from './impact';
import type { AuthorizationPolicyType, ChainVerdict, Decision, DecisionKind, DenyCause, Dependency, LevelVerdict, PolicySetVerdict, StatementOutcome, StatementRef } from './model';
import type { OrganizationPermissions } from './organization';
import type { OrganizationSummary } from './summary';

const decisionText: Record<DecisionKind, string> = {
  allowed: 'allowed',
  explicitDeny: 'denied by an explicit Deny',
  implicitDeny: 'denied: no statement allows it (implicit deny)',
  depends: 'depends on the request',
};

const targetText = { ROOT: 'Root', ORGANIZATIONAL_UNIT: 'OU', ACCOUNT: 'Account' } as const;

const chainText = {
  SERVICE_CONTROL_POLICY: 'Service control policies',
  RESOURCE_CONTROL_POLICY: 'Resource control policies',
} as const;

const exemptionText = {
  POLICY_TYPE_NOT_ENABLED: 'not enabled in this organization',
  MANAGEMENT_ACCOUNT: 'the management account is not affected',
  SERVICE_LINKED_ROLE: 'service-linked roles are not affected by SCPs',
  OUTSIDE_ORGANIZATION: 'the account is not in this organization',
  SERVICE_NOT_SUPPORTED: 'RCPs do not govern this service',
} as const;

const stageText = {
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_CONTROL_POLICY: 'RCP',
  IDENTITY_POLICIES: 'identity policies',
  PERMISSIONS_BOUNDARY: 'permissions boundary',
} as const;

/** `` `PolicyName` Statement[2] "Sid" `` */
export function statementLabel(statement: StatementRef): string {
  return `\`${statement.policyName}\` Statement[${statement.index}]${statement.Sid ? ` "${statement.Sid}"` : ''}`;
}

/** A dependency as a sentence fragment: the condition clause, or the element that needs the resource or principal. */
export function dependencyLabel(dependency: Dependency): string {
  const values = dependency.values.map((value) => `"${value}"`).join(', ');
  const where = `(${statementLabel(dependency.statement)})`;
  if (dependency.element === 'Condition') return `\`${dependency.operator}\` \`${dependency.key}\`: ${values} ${where}`;
  if (dependency.element === 'Principal') return `the principal (Principal ${values}) ${where}`;
  const keys = dependency.missingKeys.length ? ` and ${dependency.missingKeys.map((key) => `\`${key}\``).join(', ')}` : '';
  return `the resource (${dependency.element} ${values})${keys} ${where}`;
}

/** Where a denial comes from, in one line. */
export function causeLabel(cause: DenyCause): string {
  const level = cause.target ? ` at ${targetText[cause.target.Type]} \`${cause.target.Name}\` (${cause.target.Id})` : '';
  if (cause.kind === 'explicitDeny') return `${stageText[cause.stage]} ${cause.statements.map(statementLabel).join(', ')}${level}`;
  return `no ${stageText[cause.stage]} allows it${level}`;
}

/** Why a set of statements decided as it did. */
function because(verdict: PolicySetVerdict): string {
  const denies = verdict.statements.filter((statement) => statement.Effect === 'Deny');
  const allows = verdict.statements.filter((statement) => statement.Effect === 'Allow');
  const list = (statements: StatementOutcome[]) => statements.map((statement) => statementLabel(statement) + (statement.applies === 'unknown' ? ' (may apply)' : '')).join(', ');
  const parts: string[] = [];
  if (denies.length) parts.push(`denied by ${list(denies)}`);
  if (allows.length) parts.push(`allowed by ${list(allows)}`);
  return parts.length ? parts.join('; ') : 'no statement matched';
}

function levelLine(level: LevelVerdict): string {
  const policies = level.attachedPolicies.map((policy) => `\`${policy.Name}\``).join(', ') || 'no policies';
  return `- ${targetText[level.targetType]} \`${level.targetName}\` (${level.targetId}): **${decisionText[level.decision]}**: ${because(level)}. Attached: ${policies}.`;
}

function chainLines(chain: ChainVerdict): string[] {
  const heading = `**${chainText[chain.policyType]}** of account ${chain.accountId}`;
  if (chain.exemption) return [`${heading}: not applied (${exemptionText[chain.exemption]}).`];
  return [`${heading}: ${decisionText[chain.decision]}.`, ...chain.levels.map(levelLine)];
}

/** The full explanation of a decision, level by level. */
export function renderDecision(decision: Decision): string {
  const { request } = decision;
  const lines = [`### \`${request.action}\`${request.resource ? ` on \`${request.resource}\`` : ''}: ${decisionText[decision.decision]}`, ''];
  if (decision.cause) lines.push(`Decided by ${causeLabel(decision.cause)}.`, '');
  if (decision.dependsOn.length) lines.push('Depends on:', ...decision.dependsOn.map((dependency) => `- ${dependencyLabel(dependency)}`), '');
  lines.push(...chainLines(decision.serviceControlPolicies), '', ...chainLines(decision.resourceControlPolicies));
  if (decision.identityPolicies) lines.push('', `**Identity policies**: ${decisionText[decision.identityPolicies.decision]}: ${because(decision.identityPolicies)}.`);
  if (decision.permissionsBoundary) lines.push('', `**Permissions boundary**: ${decisionText[decision.permissionsBoundary.decision]}: ${because(decision.permissionsBoundary)}.`);
  return lines.join('\n');
}

/** `1 account`, `3 accounts`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The organization-wide summary: per class of actions, allowed in N accounts, denied in M grouped by cause. */
export function renderSummary(summary: OrganizationSummary, label: string): string {
  if (!summary.classes.length) return `\`${label}\`: no action of the IAM catalog matches.`;
  const lines: string[] = [];
  for (const actionClass of summary.classes) {
    const deniedCount = actionClass.denied.reduce((sum, group) => sum + group.accounts.length, 0);
    const dependsCount = actionClass.depends.reduce((sum, group) => sum + group.accounts.length, 0);
    const actions = summary.classes.length === 1 && actionClass.actions.length === 1 ? `\`${actionClass.actions[0]}\`` : actionsText(actionClass.actions, label);
    lines.push(`**${actions}**: allowed in ${plural(actionClass.allowed.length, 'account')} of ${summary.accounts}` +
      (deniedCount ? `, denied in ${plural(deniedCount, 'account')}` : '') + (dependsCount ? `, depends in ${plural(dependsCount, 'account')}` : '') + '.');
    for (const group of actionClass.denied) lines.push(`- denied in ${plural(group.accounts.length, 'account')} by ${causeLabel(group.cause)}`);
    for (const group of actionClass.depends) lines.push(`- in ${plural(group.accounts.length, 'account')}, depends on ${group.dependsOn.map(dependencyLabel).join(' and ')}`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

function actionsText(actions: readonly string[], label: string): string {
  const shown = actions.slice(0, 3).map((action) => `\`${action}\``).join(', ');
  return actions.length > 3 ? `${actions.length} actions of \`${label}\` (${shown}, ...)` : shown;
}

/** The impact of an edit: who gains and who loses what. */
export function renderImpact(impact: PolicyEditImpact): string {
  if (!impact.changes.length) return 'No account gains or loses any action named in this policy.';
  const lines = [`${impact.gained} account-action pairs gained, ${impact.lost} lost.`];
  for (const change of impact.changes) {
    const what = change.after === 'allowed' ? 'gained' : change.before === 'allowed' ? 'lost' : `${change.before} → ${change.after}`;
    lines.push(`- ${what} in ${plural(change.accounts.length, 'account')}: ${actionsText(change.actions, 'the policy')}`);
  }
  return lines.join('\n');
}

/** `account \`Payments Prod\` (123456789012)`, `OU \`Workloads\` (ou-...)`. */
function targetLabel(organization: OrganizationPermissions, id: string): string {
  const target = organization.target(id);
  const type = target?.Type === 'ACCOUNT' ? 'account' : target?.Type === 'ROOT' ? 'root' : 'OU';
  return `${type} \`${target?.Name ?? id}\` (${id})`;
}

/** The line under every answer: how many accounts, what was evaluated, and the IAM catalog's version. */
export function renderFooter(organization: OrganizationPermissions, catalogVersion: string): string {
  return `_${plural(organization.graph.Accounts.length, 'account')} · SCPs and RCPs only, no identity policies · IAM catalog ${catalogVersion}_`;
}

/**
 * The hover on an action entry: the summary of its first `limit` groups of actions, and the context account's
 * explanation when one is set.
 */
export function renderActionHover(organization: OrganizationPermissions, entry: string, summary: OrganizationSummary, limit: number, inContextAccount: EntryExplanation | undefined, catalogVersion: string): string {
  const lines = [`**Effective permissions** of \`${entry}\` over the organization's SCPs and RCPs:`, '', renderSummary({ ...summary, classes: summary.classes.slice(0, limit) }, entry)];
  if (summary.classes.length > limit) lines.push('', moreGroups(summary.classes.length - limit));
  if (inContextAccount) lines.push('', `**In ${targetLabel(organization, inContextAccount.accountId)}** (context account):`, '', renderExplanation(inContextAccount));
  lines.push('', renderFooter(organization, catalogVersion));
  return lines.join('\n');
}

function moreGroups(count: number): string {
  return `… and ${count} more groups of actions.`;
}

/** One account's decisions on an action entry: one decision, or one per group of actions that share it. */
function renderExplanation({ entry, decisions, more }: EntryExplanation): string {
  if (!decisions.length) return `No action of the IAM catalog matches \`${entry}\`.`;
  if (decisions.length === 1 && decisions[0].others === 0) return renderDecision(decisions[0].decision);
  const sections = decisions.map(({ decision, others }) => `${renderDecision(decision)}${others ? `\n\n_The same for ${plural(others, 'other action')} of \`${entry}\`._` : ''}`);
  if (more) sections.push(moreGroups(more));
  return sections.join('\n\n');
}

/** "Why is this denied?": the question, the explanation in the account, and the footer. */
export function renderWhyDenied(organization: OrganizationPermissions, explanation: EntryExplanation, resource: string | undefined, catalogVersion: string): string {
  const question = `# Why is \`${explanation.entry}\` ${resource ? `on \`${resource}\` ` : ''}allowed or denied in ${targetLabel(organization, explanation.accountId)}?`;
  return [question, '', renderExplanation(explanation), '', renderFooter(organization, catalogVersion)].join('\n');
}

/** Where an SCP or RCP is attached, how many accounts it governs, and whether its type is enabled at all. */
function renderAttachment(organization: OrganizationPermissions, { policy, targets, governed }: AttachedPolicy): string {
  const type = policy.Type === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP';
  const where = targets.length ? `attached to ${targets.map((id) => targetLabel(organization, id)).join(', ')}` : 'not attached anywhere';
  const enabled = organization.graph.EnabledPolicyTypes.includes(policy.Type as AuthorizationPolicyType) ? '' : ` ${type}s are not enabled on the root, so it has no effect.`;
  return `**${type} \`${policy.Name}\`** (${policy.Id}) is ${where}. It governs ${plural(governed, 'account')} (the management account is never affected).${enabled}`;
}

/**
 * The hover on an attached SCP or RCP: where it is attached and, for unsaved text, the impact of the change
 * (`null`: no change; `undefined`: the text does not parse).
 */
export function renderAttachmentHover(organization: OrganizationPermissions, attachment: AttachedPolicy, impact: PolicyEditImpact | null | undefined): string {
  const lines = [renderAttachment(organization, attachment)];
  if (impact) lines.push('', '**Unsaved changes** compared with the deployed policy:', '', renderImpact(impact));
  else if (impact === undefined) lines.push('', '_The document does not parse; fix it to see the impact of the change._');
  return lines.join('\n');
}

/** The CodeLens of an attached SCP or RCP. */
export function renderAttachmentLens({ policy, targets, governed }: AttachedPolicy): string {
  return `${policy.Name}: attached to ${plural(targets.length, 'target')}, governs ${plural(governed, 'account')}`;
}

/** The CodeLens of an unsaved change to it. */
export function renderImpactLens(impact: PolicyEditImpact): string {
  const pairs = impact.changes.reduce((sum, change) => sum + change.accounts.length * change.actions.length, 0);
  return `Unsaved change: ${plural(pairs, 'account-action pair')} change access (${impact.gained} gained, ${impact.lost} lost)`;
}

const decisionColumns: [DecisionKind, string][] = [['allowed', 'Allowed'], ['explicitDeny', 'Explicitly denied'], ['implicitDeny', 'Not allowed'], ['depends', 'Depends']];

/** One account: per service and access level, how many actions each decision has, and which are denied where some are allowed. */
export function renderAccountReport(organization: OrganizationPermissions, accountId: string, groups: readonly ServiceAccess[]): string {
  const lines = [`# Effective permissions of ${targetLabel(organization, accountId)}`, '', `Path: ${organization.path(accountId).map((target) => `\`${target.Name}\``).join(' → ')}`, ''];
  if (accountId === organization.graph.ManagementAccountId) lines.push('The management account is not affected by SCPs or RCPs.', '');
  lines.push('_Depends_ counts actions whose answer hinges on the request (a condition key, the resource): run "Why is this denied?" for one of them to see on what.', '');
  for (const [service, serviceGroups] of byService(groups)) {
    lines.push(`## ${service}`, '', `| Access level | ${decisionColumns.map(([, title]) => title).join(' | ')} |`, `|---|${decisionColumns.map(() => '---:').join('|')}|`);
    for (const group of serviceGroups) lines.push(`| ${group.accessLevel} | ${decisionColumns.map(([decision]) => group.actions[decision].length).join(' | ')} |`);
    // Name the denied actions of a level where only some are denied; a level denied whole is said by its counts.
    for (const group of serviceGroups) {
      const denied = [...group.actions.explicitDeny, ...group.actions.implicitDeny];
      if (!denied.length || denied.length === total(group)) continue;
      lines.push('', `Denied (${group.accessLevel}): ${denied.slice(0, 20).map((action) => `\`${action}\``).join(', ')}${denied.length > 20 ? `, … and ${denied.length - 20} more` : ''}`);
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

/** Every account under an OU: per service and access level, how many actions every, some or none of them may perform. */
export function renderUnitReport(organization: OrganizationPermissions, unitId: string, { accounts, access }: { accounts: readonly string[]; access: readonly UnitAccess[] }): string {
  const lines = [`# Effective permissions under ${targetLabel(organization, unitId)}`, '', `${plural(accounts.length, 'account')} in this OU and the OUs below it.`, ''];
  if (!accounts.length) return lines.join('\n').trimEnd();
  for (const [service, entries] of byService(access)) {
    lines.push(`## ${service}`, '', '| Access level | Allowed in every account | In some | In none |', '|---|---:|---:|---:|');
    for (const entry of entries) {
      const values = [...entry.allowedIn.values()];
      lines.push(`| ${entry.accessLevel} | ${values.filter((count) => count === accounts.length).length} | ${values.filter((count) => count > 0 && count < accounts.length).length} | ${values.filter((count) => count === 0).length} |`);
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

function total(group: ServiceAccess): number {
  return Object.values(group.actions).reduce((sum, actions) => sum + actions.length, 0);
}

/** Groups by service prefix, services in alphabetical order. */
function byService<T extends { service: string }>(groups: Iterable<T>): [string, T[]][] {
  const services = new Map<string, T[]>();
  for (const group of groups) services.set(group.service, [...(services.get(group.service) ?? []), group]);
  return [...services].sort(([a], [b]) => a.localeCompare(b));
}
