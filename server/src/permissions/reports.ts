/**
 * The reports of the report view, built as blocks from the evaluator's answers: "Show Effective Permissions" of an
 * account and of an OU, "Why Is This Denied?", and the verdict on an action in every account (the list behind a
 * hover's counts). Each says what it evaluated and what it assumed, tallies why the answers came out as they did
 * and, where they depend on the request, on which condition keys and which common values would decide them. Every
 * row of the answer is kept as data for CSV and JSON. Plain data in, report out.
 */
import type { Report, ReportBlock, ReportColumn, ReportText } from '../protocol';
import type { Assumption } from './assumptions';
import type { ActionAnswer, AnswerTally, EntryExplanation, KeyDependence, Reason, UnitActionAnswer } from './effectivePermissions';
import type { ChainVerdict, Decision, DecisionKind } from './model';
import type { OrganizationPermissions } from './organization';
import {
  because, causeLabel, chainText, code, decisionText, dependencyLabel, exemptionText, managementAccountOf, plural, renderFooter, renderVersion,
  reportMarkdown, targetLabel, targetText,
} from './render';
import type { ActionClassSummary, OrganizationSummary } from './summary';
import type { EvaluatedVersion } from './whatIf';

/** The assumptions a report was computed with, and those it could make to decide what its answers wait for. */
export interface Assumed {
  applied: readonly Assumption[];
  offered: readonly Assumption[];
}

/** Decisions in tables, and their order there (denials first). */
const decisionTitle: Record<DecisionKind, string> = {
  explicitDeny: 'Explicitly denied',
  implicitDeny: 'Not allowed (no Allow)',
  depends: 'Depends on the request',
  allowed: 'Allowed',
};
const decisionOrder = Object.keys(decisionTitle) as DecisionKind[];

const heading = (level: 1 | 2 | 3, text: ReportText): ReportBlock => ({ kind: 'heading', level, text });
const paragraph = (text: ReportText): ReportBlock => ({ kind: 'paragraph', text });
const list = (items: ReportText[]): ReportBlock => ({ kind: 'list', items });

/** A table; a column title ending in `#` holds counts (right-aligned). */
function table(titles: string[], rows: ReportText[][]): ReportBlock {
  const columns: ReportColumn[] = titles.map((title) => (title.endsWith('#') ? { title: title.slice(0, -1), numeric: true } : { title }));
  return { kind: 'table', columns, rows };
}

/** `17,312` */
function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** Text without its inline markup, for CSV and JSON. */
function plain(text: ReportText): string {
  return text.replace(/\*\*/g, '').replace(/`/g, '');
}

/** The first few of a set, as code, then "and N more". */
function firstOf(values: Iterable<string>, size: number, shown = 5): string {
  const first = [...take(values, shown)].map(code).join(', ');
  return size > shown ? `${first} and ${count(size - shown)} more` : first;
}

function* take<T>(values: Iterable<T>, limit: number): Iterable<T> {
  if (limit <= 0) return;
  let taken = 0;
  for (const value of values) {
    yield value;
    if (++taken === limit) return;
  }
}

/** Why a decision came out as it did, in a table cell. */
function reasonLabel(decision: Decision): string {
  if (decision.noPermissionRequired) return 'it needs no permission: no policy can deny it';
  if (decision.cause) return causeLabel(decision.cause);
  if (decision.decision === 'depends') return `on ${decision.dependsOn.map(dependencyLabel).join(' and ')}`;
  const exemption = decision.serviceControlPolicies.exemption;
  return exemption ? exemptionText[exemption] : 'every level allows it';
}

/** What a report of an account's principals (or each account's) evaluated, and what it assumed. */
function evaluatedBlocks(assumed: Assumed, whose: 'the account' | 'each account' = 'the account'): ReportBlock[] {
  const blocks = [paragraph(`Evaluated: the deployed SCPs and RCPs, for a principal of ${whose} acting on ${whose}'s own resources. Identity policies, permissions boundaries and resource-based policies are not considered.`)];
  if (assumed.applied.length) blocks.push(paragraph('Assumed:'), list(assumed.applied.map((assumption) => assumption.label)));
  return blocks;
}

/** What the undecided answers wait for: the condition keys, the clauses that ask for them, and the common values that would decide them. */
function dependsBlocks(tally: AnswerTally, total: number, noun: string, offered: readonly Assumption[], withAccounts: boolean): ReportBlock[] {
  const depends = tally.counts.depends;
  if (!depends) return [];
  const keys = tally.byKey();
  const keyName = (dependence: KeyDependence) => (dependence.key ? code(dependence.key) : 'the resource');
  const share = Math.round((100 * depends) / total);
  const waitingFor = keys.slice(0, 3).map((dependence) => `${keyName(dependence)} (${plural(dependence.actions.size, 'action')})`).join(', ');
  const blocks = [
    heading(2, 'What the undecided answers wait for'),
    paragraph(`${depends * 2 >= total ? '**Depends on the request** dominates' : '**Depends on the request**'}: ${count(depends)} of ${count(total)} ${noun} (${share}%) wait for a value the request did not give: ${waitingFor}.`),
    table(['Condition key', 'Actions#', ...(withAccounts ? ['Accounts#'] : []), 'Asked by'], keys.map((dependence) => [
      keyName(dependence), count(dependence.actions.size), ...(withAccounts ? [count(dependence.accounts.size)] : []),
      dependence.clauses.slice(0, 3).map(dependencyLabel).join('; ') + (dependence.clauses.length > 3 ? `; and ${dependence.clauses.length - 3} more` : ''),
    ])),
  ];
  if (offered.length) blocks.push(paragraph('Common values that would decide them (assume them in the view to evaluate again):'), list(offered.map((assumption) => assumption.label)));
  return blocks;
}

/** The report's assumptions: those applied, then those offered. */
function assumptionsOf(assumed: Assumed): Report['assumptions'] {
  const applied = new Set(assumed.applied.map((assumption) => assumption.id));
  return [
    ...assumed.applied.map((assumption) => ({ id: assumption.id, label: assumption.label, applied: true })),
    ...assumed.offered.filter((assumption) => !applied.has(assumption.id)).map((assumption) => ({ id: assumption.id, label: assumption.label, applied: false })),
  ];
}

function report(title: string, blocks: ReportBlock[], assumed: Assumed, data: Report['data']): Report {
  return { title, blocks, markdown: reportMarkdown(blocks), assumptions: assumptionsOf(assumed), data };
}

/** The reasons table: each reason with the actions (and accounts) it decided. */
function reasonsTable(reasons: readonly Reason[], withAccounts: boolean): ReportBlock {
  return table(['Decision', 'Because', ...(withAccounts ? ['Accounts#'] : []), 'Actions#', 'Services'], reasons.map((reason) => [
    decisionTitle[reason.decision], reasonLabel(reason.example), ...(withAccounts ? [count(reason.accounts.size)] : []), count(reason.actions.size),
    firstOf(reason.services, reason.services.size),
  ]));
}

/** `Root` → `Workloads` → `Prod` → `Payments Prod` */
function pathText(organization: OrganizationPermissions, id: string): string {
  return organization.path(id).map((target) => code(target.Name)).join(' → ');
}

/** One account: the decisions over the whole catalog, why, what the undecided wait for, and the services whose actions are partly denied. */
export function accountReport(organization: OrganizationPermissions, accountId: string, answers: readonly ActionAnswer[], tally: AnswerTally, assumed: Assumed, catalogVersion: string): Report {
  const name = organization.target(accountId)?.Name ?? accountId;
  const blocks = [heading(1, `Effective permissions of ${targetLabel(organization, accountId)}`), paragraph(`Path: ${pathText(organization, accountId)}`), ...evaluatedBlocks(assumed)];
  if (accountId === managementAccountOf(organization)) blocks.push(paragraph('This is the management account: SCPs and RCPs never affect it, so they allow it every action.'));
  const total = answers.length;
  blocks.push(heading(2, 'Summary'), table(['Decision', 'Actions#', 'Share#'], decisionOrder.map((decision) => [
    decisionTitle[decision], count(tally.counts[decision]), `${total ? Math.round((100 * tally.counts[decision]) / total) : 0}%`,
  ])));
  blocks.push(...dependsBlocks(tally, total, 'actions', assumed.offered, false));
  blocks.push(heading(2, 'Why'), reasonsTable(tally.byReason(), false));

  // Where an access level mixes decisions, the denied actions are worth naming; a level decided whole is said by the reasons.
  const mixed = byLevel(answers).filter((level) => level.some((answer) => answer.decision.decision !== level[0].decision.decision) && level.some((answer) => isDenied(answer.decision.decision)))
  blocks.push(heading(2, 'Access levels with denied and other actions'));
  if (mixed.length) {
    blocks.push(table(['Service', 'Access level', ...decisionOrder.map((decision) => `${decisionTitle[decision]}#`), 'Denied actions'], mixed.map((level) => {
      const denied = level.filter((answer) => isDenied(answer.decision.decision)).map((answer) => answer.action);
      return [code(level[0].service), level[0].accessLevel, ...decisionOrder.map((decision) => count(level.filter((answer) => answer.decision.decision === decision).length)), firstOf(denied, denied.length)];
    })));
  } else blocks.push(paragraph('None: where an access level has a denied action, all of its actions are denied for the same reasons (above).'));
  blocks.push(paragraph(renderFooter(organization, catalogVersion)));
  return report(`Effective Permissions: ${name}`, blocks, assumed, {
    columns: ['Service', 'Action', 'Access level', 'Decision', 'Because'],
    rows: answers.map((answer) => [answer.service, answer.action, answer.accessLevel, answer.decision.decision, plain(reasonLabel(answer.decision))]),
  });
}

/** Actions grouped by service and access level, services in alphabetical order. */
function byLevel<T extends { service: string; accessLevel: string }>(actions: readonly T[]): T[][] {
  const levels = new Map<string, T[]>();
  for (const action of actions) {
    const key = `${action.service} ${action.accessLevel}`;
    const level = levels.get(key);
    if (level) level.push(action);
    else levels.set(key, [action]);
  }
  return [...levels.values()].sort((a, b) => a[0].service.localeCompare(b[0].service));
}

function isDenied(decision: DecisionKind): boolean {
  return decision === 'explicitDeny' || decision === 'implicitDeny';
}

/** Every account under an OU: which actions all, some or none of them may perform, why, and where they differ. */
export function unitReport(organization: OrganizationPermissions, unitId: string, unit: { accounts: readonly string[]; actions: readonly UnitActionAnswer[]; tally: AnswerTally }, assumed: Assumed, catalogVersion: string): Report {
  const { accounts, actions, tally } = unit;
  const name = organization.target(unitId)?.Name ?? unitId;
  const names = accounts.map((id) => organization.target(id)?.Name ?? id);
  const blocks = [
    heading(1, `Effective permissions under ${targetLabel(organization, unitId)}`),
    paragraph(`${plural(accounts.length, 'account')} in this OU and the OUs below it${accounts.length ? `: ${firstOf(names, names.length)}` : ''}.`),
    ...evaluatedBlocks(assumed, 'each account'),
  ];
  const data: Report['data'] = {
    columns: ['Service', 'Action', 'Access level', 'Allowed in', 'Explicitly denied in', 'Not allowed in', 'Depends in'],
    rows: actions.map((action) => [action.service, action.action, action.accessLevel, action.accounts.allowed, action.accounts.explicitDeny, action.accounts.implicitDeny, action.accounts.depends]),
  };
  if (!accounts.length) return report(`Effective Permissions: ${name}`, [...blocks, paragraph(renderFooter(organization, catalogVersion))], assumed, data);
  const every = (action: UnitActionAnswer, decision: DecisionKind) => action.accounts[decision] === accounts.length;
  const summary: [string, (action: UnitActionAnswer) => boolean][] = [
    ['Allowed in every account', (action) => every(action, 'allowed')],
    ['Denied in every account', (action) => action.accounts.explicitDeny + action.accounts.implicitDeny === accounts.length],
    ['Allowed in some accounts, denied in others', (action) => action.accounts.allowed > 0 && action.accounts.allowed < accounts.length && !action.accounts.depends],
    ['Depends on the request in some account', (action) => action.accounts.depends > 0],
  ];
  blocks.push(heading(2, 'Summary'), table(['Actions', 'Count#'], summary.map(([title, test]) => [title, count(actions.filter(test).length)])));
  blocks.push(...dependsBlocks(tally, accounts.length * actions.length, 'account-action answers', assumed.offered, true));
  blocks.push(heading(2, 'Why'), reasonsTable(tally.byReason(), true));

  const some = (action: UnitActionAnswer) => action.accounts.allowed > 0 && action.accounts.allowed < accounts.length;
  const differing = byLevel(actions).filter((level) => level.some(some));
  blocks.push(heading(2, 'Where the accounts differ'));
  if (differing.length) {
    blocks.push(table(['Service', 'Access level', 'Allowed in every account#', 'In some#', 'In none#', 'Actions allowed in some'], differing.map((level) => {
      const partly = level.filter(some).map((action) => action.action);
      return [code(level[0].service), level[0].accessLevel, count(level.filter((action) => every(action, 'allowed')).length), count(partly.length),
        count(level.filter((action) => action.accounts.allowed === 0).length), firstOf(partly, partly.length)];
    })));
  } else blocks.push(paragraph('Nowhere: no action is allowed in some of the accounts and not in the others.'));
  blocks.push(paragraph(renderFooter(organization, catalogVersion)));
  return report(`Effective Permissions: ${name}`, blocks, assumed, data);
}

/** One chain (SCPs or RCPs) level by level, as a table, or why it does not apply. */
function chainBlocks(chain: ChainVerdict): ReportBlock[] {
  if (chain.exemption) return [heading(3, `${chainText[chain.policyType]}: not applied (${exemptionText[chain.exemption]})`)];
  return [heading(3, `${chainText[chain.policyType]}: ${decisionText[chain.decision]}`), table(['Level', 'Decision', 'Because', 'Attached'], chain.levels.map((level) => [
    `${targetText[level.targetType]} ${code(level.targetName)} (${level.targetId})`, decisionText[level.decision], because(level),
    level.attachedPolicies.map((policy) => code(policy.Name)).join(', ') || 'no policies',
  ]))];
}

/** "Why is this denied?": each group of actions of the entry with its decision, level by level, and what it waits for. */
export function whyDeniedReport(organization: OrganizationPermissions, explanation: EntryExplanation, resource: string | undefined, assumed: Assumed, catalogVersion: string): Report {
  const { entry, accountId, decisions, more } = explanation;
  const name = organization.target(accountId)?.Name ?? accountId;
  const blocks = [heading(1, `Why is ${code(entry)} ${resource ? `on ${code(resource)} ` : ''}allowed or denied in ${targetLabel(organization, accountId)}?`), ...evaluatedBlocks(assumed)];
  const rows: (string | number)[][] = [];
  if (!decisions.length) blocks.push(paragraph(`No action of the IAM catalog matches ${code(entry)}.`));
  for (const { decision, others } of decisions) {
    const action = decision.request.action;
    blocks.push(heading(2, `${code(action)}${others ? ` and ${plural(others, 'other action')} of ${code(entry)} that the policies treat alike` : ''}: ${decisionText[decision.decision]}`));
    if (decision.cause) blocks.push(paragraph(`Decided by ${causeLabel(decision.cause)}.`));
    if (decision.dependsOn.length) blocks.push(paragraph('Depends on:'), list(decision.dependsOn.map(dependencyLabel)));
    for (const chain of [decision.serviceControlPolicies, decision.resourceControlPolicies]) {
      blocks.push(...chainBlocks(chain));
      if (chain.exemption) rows.push([action, others, decision.decision, chain.policyType, '', '', `not applied: ${exemptionText[chain.exemption]}`]);
      for (const level of chain.levels) rows.push([action, others, decision.decision, chain.policyType, `${targetText[level.targetType]} ${level.targetName} (${level.targetId})`, level.decision, plain(because(level))]);
    }
    for (const [title, verdict] of [['Identity policies', decision.identityPolicies], ['Permissions boundary', decision.permissionsBoundary]] as const) {
      if (verdict) blocks.push(paragraph(`**${title}**: ${decisionText[verdict.decision]}: ${because(verdict)}.`));
    }
  }
  if (more) blocks.push(paragraph(`… and ${plural(more, 'more group')} of actions.`));
  if (assumed.offered.length) blocks.push(paragraph('Common values that would decide what the answer waits for (assume them in the view to evaluate again):'), list(assumed.offered.map((assumption) => assumption.label)));
  blocks.push(paragraph(renderFooter(organization, catalogVersion)));
  return report(`Why Is This Denied? ${entry} in ${name}`, blocks, assumed, {
    columns: ['Action', 'Other actions alike', 'Decision', 'Policy type', 'Level', 'Level decision', 'Because'],
    rows,
  });
}

/** How many classes of actions the list of every account's verdict details. */
const listedClasses = 20;

/** Each account's verdict on one class of actions, and why: denied first, then undecided, then allowed; by name within each. */
function accountVerdicts(organization: OrganizationPermissions, actionClass: ActionClassSummary): { id: string; decision: DecisionKind; because: string }[] {
  const reasons = new Map<string, string>();
  for (const group of actionClass.denied) for (const id of group.accounts) reasons.set(id, causeLabel(group.cause));
  for (const group of actionClass.depends) for (const id of group.accounts) reasons.set(id, `on ${group.dependsOn.map(dependencyLabel).join(' and ')}`);
  const management = managementAccountOf(organization);
  const name = (id: string) => organization.target(id)?.Name ?? id;
  return [...actionClass.decisions].map(([id, decision]) => ({
    id, decision, because: id === management ? 'not counted: the management account, which SCPs and RCPs never affect' : reasons.get(id) ?? 'every level allows it',
  })).sort((a, b) => decisionOrder.indexOf(a.decision) - decisionOrder.indexOf(b.decision) || name(a.id).localeCompare(name(b.id)));
}

/** The verdict on an action entry in every account, class by class: the list behind a hover's counts. */
export function actionAccessReport(organization: OrganizationPermissions, entry: string, summary: OrganizationSummary, version: EvaluatedVersion, catalogVersion: string): Report {
  const blocks = [heading(1, `${code(entry)} in every account`), paragraph(renderVersion(organization, version))];
  const rows: (string | number)[][] = [];
  const management = managementAccountOf(organization);
  if (!summary.classes.length) blocks.push(paragraph(`No action of the IAM catalog matches ${code(entry)}.`));
  for (const actionClass of summary.classes.slice(0, listedClasses)) {
    const actions = actionClass.actions.length === 1 ? code(actionClass.actions[0]) : `${plural(actionClass.actions.length, 'action')} (${firstOf(actionClass.actions, actionClass.actions.length, 3)})`;
    const verdicts = accountVerdicts(organization, actionClass);
    const counted = verdicts.filter((verdict) => verdict.id !== management);
    const tallies = decisionOrder.map((decision) => [decision, counted.filter((verdict) => verdict.decision === decision).length] as const).filter(([, size]) => size);
    blocks.push(heading(2, actions), paragraph(`In ${plural(counted.length, management ? 'member account' : 'account')}: ${tallies.map(([decision, size]) => `${decisionTitle[decision].toLowerCase()} in ${count(size)}`).join(', ')}.`));
    blocks.push(table(['Account', 'Account ID', 'OU path', 'Decision', 'Because'], verdicts.map((verdict) => [
      code(organization.target(verdict.id)?.Name ?? verdict.id), verdict.id, ouPath(organization, verdict.id), decisionTitle[verdict.decision], verdict.because,
    ])));
    for (const verdict of verdicts) {
      rows.push([plain(actions), organization.target(verdict.id)?.Name ?? verdict.id, verdict.id, ouPath(organization, verdict.id), verdict.decision, plain(verdict.because)]);
    }
  }
  if (summary.classes.length > listedClasses) blocks.push(paragraph(`… and ${plural(summary.classes.length - listedClasses, 'more group')} of actions, not listed.`));
  blocks.push(paragraph(renderFooter(organization, catalogVersion)));
  return report(`Where Is ${entry} Allowed?`, blocks, { applied: [], offered: [] }, { columns: ['Actions', 'Account', 'Account ID', 'OU path', 'Decision', 'Because'], rows });
}

/** `Workloads / Prod`: the OUs above an account. */
function ouPath(organization: OrganizationPermissions, id: string): string {
  return organization.path(id).slice(1, -1).map((target) => target.Name).join(' / ');
}
