/**
 * Markdown for effective permissions: a decision with its chain of levels, the hover on an action (which version
 * of the organization it evaluated, the context account's verdict first, then the member accounts by verdict and
 * by name), where an SCP or RCP is attached and the impact of an edit or a preview (hover and CodeLens), and a
 * report's blocks (reports.ts builds them). Plain data in, text out.
 */
import type { ReportBlock } from '../protocol';
import type { EntryExplanation } from './effectivePermissions';
import type { AttachedPolicy, PolicyEditImpact } from './impact';
import type { AuthorizationPolicyType, ChainVerdict, Decision, DecisionKind, DenyCause, Dependency, LevelVerdict, PolicySetVerdict, StatementOutcome, StatementRef } from './model';
import type { OrganizationPermissions } from './organization';
import type { ActionClassSummary, OrganizationSummary } from './summary';
import type { EvaluatedVersion } from './whatIf';

export const decisionText: Record<DecisionKind, string> = {
  allowed: 'allowed',
  explicitDeny: 'denied by an explicit Deny',
  implicitDeny: 'denied: no statement allows it (implicit deny)',
  depends: 'depends on the request',
};

export const targetText = { ROOT: 'Root', ORGANIZATIONAL_UNIT: 'OU', ACCOUNT: 'Account' } as const;

export const chainText = {
  SERVICE_CONTROL_POLICY: 'Service control policies',
  RESOURCE_CONTROL_POLICY: 'Resource control policies',
} as const;

export const exemptionText = {
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
export function because(verdict: PolicySetVerdict): string {
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
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** A name as inline code, safe when the name itself holds backticks. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ` ${text} ` : text}${fence}`;
}

/** How many names a hover shows before "and N more". */
const namesShown = 3;

/**
 * The management account's place in answers about every account: SCPs and RCPs never affect it, so it is allowed
 * whatever they say, and an answer that counted it would mislead; it is named as not counted instead.
 */
export function managementAccountOf(organization: OrganizationPermissions): string | undefined {
  const id = organization.graph.ManagementAccountId;
  return organization.isAccount(id) ? id : undefined;
}

/**
 * The accounts' names, the first few then "and N more" (linked to `listAll` when given), or "every member account"
 * when they are all of them. The management account is left out.
 */
function accountNames(organization: OrganizationPermissions, accounts: readonly string[], count: number, counted: number, listAll?: string): string {
  if (count === counted && counted > 1) return 'every member account';
  const management = managementAccountOf(organization);
  const shown: string[] = [];
  for (const id of accounts) {
    if (shown.length === namesShown) break;
    if (id !== management) shown.push(code(organization.target(id)?.Name ?? id));
  }
  const more = count - shown.length;
  if (more <= 0) return shown.join(', ');
  return `${shown.join(', ')} and ${listAll ? `[${more} more](${listAll})` : `${more} more`}`;
}

/** One class of the summary: the counts over the member accounts, then who is allowed, denied and undecided, by name. */
function classLines(organization: OrganizationPermissions, actionClass: ActionClassSummary, title: string, listAll?: string): string[] {
  const management = managementAccountOf(organization);
  // The management account is exempt from SCPs and RCPs, so it is among the allowed unless identity policies deny it.
  const managementDecision = management === undefined ? undefined : actionClass.decisions.get(management);
  const without = (accounts: readonly string[], decided: boolean) => accounts.length - (decided && management !== undefined && accounts.includes(management) ? 1 : 0);
  const counted = actionClass.decisions.size - (management === undefined ? 0 : 1);
  const allowed = actionClass.allowed.length - (managementDecision === 'allowed' ? 1 : 0);
  const denied = actionClass.denied.map((group) => ({ ...group, count: without(group.accounts, managementDecision === 'explicitDeny' || managementDecision === 'implicitDeny') }));
  const depends = actionClass.depends.map((group) => ({ ...group, count: without(group.accounts, managementDecision === 'depends') }));
  const deniedCount = denied.reduce((sum, group) => sum + group.count, 0);
  const dependsCount = depends.reduce((sum, group) => sum + group.count, 0);
  const accounts = management === undefined ? plural(counted, 'account') : plural(counted, 'member account');
  const only = [allowed, deniedCount, dependsCount].filter((count) => count > 0).length === 1;
  const counts = [[allowed, 'allowed'], [deniedCount, 'denied'], [dependsCount, 'depends']].filter(([count]) => count)
    .map(([count, verb]) => (only && counted > 1 ? `${verb} in all ${count}` : `${verb} in ${count}`));
  const lines = [`**${title}** in ${accounts}: ${counts.join(', ') || 'none to count'}.`];
  const names = (list: readonly string[], count: number) => accountNames(organization, list, count, counted, listAll);
  if (allowed) lines.push(`- allowed in ${plural(allowed, 'account')}: ${names(actionClass.allowed, allowed)}`);
  for (const group of denied) if (group.count) lines.push(`- denied in ${plural(group.count, 'account')} by ${causeLabel(group.cause)}: ${names(group.accounts, group.count)}`);
  for (const group of depends) if (group.count) lines.push(`- depends in ${plural(group.count, 'account')} on ${group.dependsOn.map(dependencyLabel).join(' and ')}: ${names(group.accounts, group.count)}`);
  return lines;
}

/** The management account, named as not counted, and why. */
function notCountedLine(organization: OrganizationPermissions): string | undefined {
  const management = managementAccountOf(organization);
  return management === undefined ? undefined : `_Not counted: ${code(organization.target(management)!.Name)} (${management}), the management account, which SCPs and RCPs never affect._`;
}

/**
 * The organization-wide summary: per class of actions, in how many member accounts it is allowed, denied (grouped by
 * cause) and undecided (grouped by what it depends on), with the accounts' first names and `listAll` for the rest.
 */
export function renderSummary(organization: OrganizationPermissions, summary: OrganizationSummary, label: string, listAll?: string): string {
  if (!summary.classes.length) return `${code(label)}: no action of the IAM catalog matches.`;
  const lines: string[] = [];
  for (const actionClass of summary.classes) {
    const title = summary.classes.length === 1 && actionClass.actions.length === 1 ? code(actionClass.actions[0]) : actionsText(actionClass.actions, label);
    lines.push(...classLines(organization, actionClass, title, listAll), '');
  }
  const notCounted = notCountedLine(organization);
  if (notCounted) lines.push(notCounted);
  return lines.join('\n').trimEnd();
}

function actionsText(actions: readonly string[], label: string): string {
  const shown = actions.slice(0, 3).map(code).join(', ');
  return actions.length > 3 ? `${actions.length} actions of ${code(label)} (${shown}, ...)` : shown;
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
export function targetLabel(organization: OrganizationPermissions, id: string): string {
  const target = organization.target(id);
  const type = target?.Type === 'ACCOUNT' ? 'account' : target?.Type === 'ROOT' ? 'root' : 'OU';
  return `${type} ${code(target?.Name ?? id)} (${id})`;
}

/** The line under every answer: how many accounts, what was evaluated, and the IAM catalog's version. */
export function renderFooter(organization: OrganizationPermissions, catalogVersion: string): string {
  return `_${plural(organization.graph.Accounts.length, 'account')} in the organization · SCPs and RCPs only, no identity policies · IAM catalog ${catalogVersion}_`;
}

const policyTypeText = { SERVICE_CONTROL_POLICY: 'SCP', RESOURCE_CONTROL_POLICY: 'RCP' } as const;

/** Which version of the organization an answer evaluated, as a sentence. */
export function renderVersion(organization: OrganizationPermissions, version: EvaluatedVersion): string {
  switch (version.kind) {
    case 'deployed':
      return 'Evaluated: the deployed SCPs and RCPs.';
    case 'deployedPolicy':
      return `Evaluated: **the deployed policy**, ${policyTypeText[version.policy.Type]} ${code(version.policy.Name)}; ${version.unparsable ? 'this document does not parse' : 'this document has the same content'}.`;
    case 'replacing':
      return `Evaluated: **this document, unsaved** (as it is now, not deployed), in place of the deployed ${policyTypeText[version.policy.Type]} ${code(version.policy.Name)}.`;
    case 'previewed': {
      const type = policyTypeText[version.policy.Type];
      const enabled = organization.graph.EnabledPolicyTypes.includes(version.policy.Type) ? '' : ` ${type}s are not enabled on the root, so it has no effect.`;
      return `Evaluated: **this document, unsaved** (as it is now), as ${type} ${code(version.policy.Name)} attached to ${targetLabel(organization, version.targetId)}.${enabled}`;
    }
    case 'notPreviewed':
      return `Evaluated: **the deployed policies**; this document is not a policy of the organization${version.unparsable ? ' and does not parse' : ''}. **${previewAttachmentTitle}** (above the document) evaluates it as if attached to a root, OU or account.`;
  }
}

/** The title of the CodeLens and command that previews a document as if attached. */
export const previewAttachmentTitle = 'Preview Attachment...';

/** The condition keys (or the resource) that decisions depend on, each once. */
export function dependencyKeys(dependsOn: readonly Dependency[]): string {
  const keys = new Set(dependsOn.flatMap((dependency) => (dependency.missingKeys.length ? dependency.missingKeys.map(code) : [dependency.element === 'Principal' ? 'the principal' : 'the resource'])));
  return [...keys].join(', ');
}

/** A decision in a line: the verdict, and the statement that decided it or what it depends on. */
export function verdictText(decision: Decision): string {
  const verdict = `**${decisionText[decision.decision]}**`;
  if (decision.cause) return `${verdict}: ${causeLabel(decision.cause)}`;
  if (decision.decision === 'depends') return `${verdict}: on ${dependencyKeys(decision.dependsOn)}`;
  const exemption = decision.serviceControlPolicies.exemption;
  return exemption ? `${verdict}: ${exemptionText[exemption]}` : verdict;
}

/** The context account's verdicts in a few lines, before anything else the hover says. */
function contextVerdict(organization: OrganizationPermissions, { accountId, decisions, more }: EntryExplanation): string[] {
  const heading = `**In ${targetLabel(organization, accountId)}, the context account:**`;
  if (!decisions.length) return [`${heading} no action of the IAM catalog matches.`];
  if (decisions.length === 1 && !decisions[0].others && !more) return [`${heading} ${verdictText(decisions[0].decision)}.`];
  const lines = decisions.map(({ decision, others }) => `- ${code(decision.request.action)}${others ? ` and ${plural(others, 'other action')}` : ''}: ${verdictText(decision)}`);
  return [heading, ...lines, ...(more ? [`- ${moreGroups(more)}`] : [])];
}

/** What the hover on an action entry shows. */
export interface ActionHover {
  entry: string;
  summary: OrganizationSummary;
  /** How many classes of actions it details. */
  limit: number;
  /** The context account's decisions, when one is set. */
  inContextAccount?: EntryExplanation;
  version: EvaluatedVersion;
  /** A command link that lists every account's verdict on the entry. */
  listAll?: string;
  catalogVersion: string;
}

/**
 * The hover on an action entry: which version it evaluated, the context account's verdict first, then the summary of
 * the first `limit` classes of actions over the member accounts, named, and the context account's chain in full.
 */
export function renderActionHover(organization: OrganizationPermissions, hover: ActionHover): string {
  const { entry, summary, limit, inContextAccount } = hover;
  const lines = [`**Effective permissions** of ${code(entry)} over the organization's SCPs and RCPs`, '', renderVersion(organization, hover.version), ''];
  if (inContextAccount) lines.push(...contextVerdict(organization, inContextAccount), '');
  lines.push(renderSummary(organization, { ...summary, classes: summary.classes.slice(0, limit) }, entry, hover.listAll));
  if (summary.classes.length > limit) lines.push('', moreGroups(summary.classes.length - limit));
  if (inContextAccount?.decisions.length) lines.push('', `**Why, in ${targetLabel(organization, inContextAccount.accountId)}:**`, '', renderExplanation(inContextAccount));
  lines.push('', renderFooter(organization, hover.catalogVersion));
  return lines.join('\n');
}

function moreGroups(count: number): string {
  return `… and ${count} more groups of actions.`;
}

/** One account's decisions on an action entry: one decision, or one per group of actions that share it. */
function renderExplanation({ entry, decisions, more }: EntryExplanation): string {
  if (!decisions.length) return `No action of the IAM catalog matches ${code(entry)}.`;
  if (decisions.length === 1 && decisions[0].others === 0) return renderDecision(decisions[0].decision);
  const sections = decisions.map(({ decision, others }) => `${renderDecision(decision)}${others ? `\n\n_The same for ${plural(others, 'other action')} of ${code(entry)}._` : ''}`);
  if (more) sections.push(moreGroups(more));
  return sections.join('\n\n');
}

/** Where an SCP or RCP is attached, how many accounts it governs, and whether its type is enabled at all. */
function renderAttachment(organization: OrganizationPermissions, { policy, targets, governed }: AttachedPolicy): string {
  const type = policyTypeText[policy.Type];
  const where = targets.length ? `attached to ${targets.map((id) => targetLabel(organization, id)).join(', ')}` : 'not attached anywhere';
  const enabled = organization.graph.EnabledPolicyTypes.includes(policy.Type as AuthorizationPolicyType) ? '' : ` ${type}s are not enabled on the root, so it has no effect.`;
  return `**${type} ${code(policy.Name)}** (${policy.Id}) is ${where}. It governs ${plural(governed, 'account')} (the management account is never affected).${enabled}`;
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

/**
 * The hover on an SCP or RCP document that is not a policy of the organization: which version the answers evaluate
 * and, where it is previewed, what attaching it there would change (`null`: nothing).
 */
export function renderPreviewHover(organization: OrganizationPermissions, version: EvaluatedVersion, impact: PolicyEditImpact | null): string {
  const lines = [renderVersion(organization, version)];
  if (impact) lines.push('', '**Attaching this document there**, compared with the organization as deployed:', '', renderImpact(impact));
  return lines.join('\n');
}

/** The CodeLens of an attached SCP or RCP. */
export function renderAttachmentLens({ policy, targets, governed }: AttachedPolicy): string {
  return `${policy.Name}: attached to ${plural(targets.length, 'target')}, governs ${plural(governed, 'account')}`;
}

/** The CodeLens of a document previewed as if attached (it opens the preview's picker again). */
export function renderPreviewLens(organization: OrganizationPermissions, { targets, governed }: AttachedPolicy): string {
  const target = organization.target(targets[0]);
  return `Previewing as attached to ${target ? `${target.Type === 'ACCOUNT' ? 'account' : target.Type === 'ROOT' ? 'root' : 'OU'} ${target.Name}` : targets[0]}: governs ${plural(governed, 'account')}`;
}

/** The CodeLens of an unsaved change to it. */
export function renderImpactLens(impact: PolicyEditImpact): string {
  const pairs = impact.changes.reduce((sum, change) => sum + change.accounts.length * change.actions.length, 0);
  return `Unsaved change: ${plural(pairs, 'account-action pair')} change access (${impact.gained} gained, ${impact.lost} lost)`;
}

/** Table cells escape the pipe that would end them, and keep to one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A report's blocks as Markdown (the report view's export, and what a Markdown reader shows). */
export function reportMarkdown(blocks: readonly ReportBlock[]): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'heading': return `${'#'.repeat(block.level)} ${block.text}`;
      case 'paragraph': return block.text;
      case 'list': return block.items.map((item) => `- ${item}`).join('\n');
      case 'table': return [
        `| ${block.columns.map((column) => cell(column.title)).join(' | ')} |`,
        `|${block.columns.map((column) => (column.numeric ? '---:' : '---')).join('|')}|`,
        ...block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
      ].join('\n');
    }
  });
  return `${parts.join('\n\n')}\n`;
}
