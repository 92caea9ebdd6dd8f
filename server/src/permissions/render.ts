/**
 * Markdown for explanations: a decision with its chain of levels ("Why is this denied?"), an
 * organization-wide summary (hover), and the impact of an edit (CodeLens). Plain data in, text out.
 */
import { ChainVerdict, Decision, DecisionKind, DenyCause, Dependency, LevelVerdict, PolicySetVerdict, StatementOutcome, StatementRef } from './model';
import { PolicyEditImpact } from './impact';
import { OrganizationSummary } from './summary';

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

function accountsText(count: number): string {
  return `${count} account${count === 1 ? '' : 's'}`;
}

/** The organization-wide summary: per class of actions, allowed in N accounts, denied in M grouped by cause. */
export function renderSummary(summary: OrganizationSummary, label: string): string {
  if (!summary.classes.length) return `\`${label}\`: no action of the IAM catalog matches.`;
  const lines: string[] = [];
  for (const actionClass of summary.classes) {
    const deniedCount = actionClass.denied.reduce((sum, group) => sum + group.accounts.length, 0);
    const dependsCount = actionClass.depends.reduce((sum, group) => sum + group.accounts.length, 0);
    const actions = summary.classes.length === 1 && actionClass.actions.length === 1 ? `\`${actionClass.actions[0]}\`` : actionsText(actionClass.actions, label);
    lines.push(`**${actions}**: allowed in ${accountsText(actionClass.allowed.length)} of ${summary.accounts}` +
      (deniedCount ? `, denied in ${accountsText(deniedCount)}` : '') + (dependsCount ? `, depends in ${accountsText(dependsCount)}` : '') + '.');
    for (const group of actionClass.denied) lines.push(`- denied in ${accountsText(group.accounts.length)} by ${causeLabel(group.cause)}`);
    for (const group of actionClass.depends) lines.push(`- in ${accountsText(group.accounts.length)}, depends on ${group.dependsOn.map(dependencyLabel).join(' and ')}`);
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
    lines.push(`- ${what} in ${accountsText(change.accounts.length)}: ${actionsText(change.actions, 'the policy')}`);
  }
  return lines.join('\n');
}
