/**
 * "Show effective permissions" for one account: every action of the IAM catalog evaluated for a principal
 * of that account, each with its explained decision. Actions that every statement treats alike are
 * evaluated once (the classes of summary.ts), so the whole catalog costs a handful of evaluations. Also the
 * same counted over the accounts under an OU, the tally of why answers came out as they did (which
 * statement denied, which condition keys an undecided answer waits for), and "Why is this denied?" for an
 * action entry in one account.
 */
import { expandActionPattern } from '../aws/catalog';
import { evaluateRequest } from './evaluate';
import { AuthorizationRequest, Decision, DecisionKind, Dependency } from './model';
import { OrganizationPermissions } from './organization';
import { compilePolicy, statementActionPatterns } from './policyDocument';
import { actionSignatures, causeKey, dependencyKey, summarizeActionEntry } from './summary';

/** What a report asks of an account besides the action: the context it assumes, identity policies. */
export type AccountRequest = Omit<AuthorizationRequest, 'action' | 'principalAccount'>;

/** One catalog action with its service, access level (`List`, `Read`, `Write`, `Permissions management`, `Tagging`) and decision. */
export interface ActionAnswer {
  action: string;
  service: string;
  accessLevel: string;
  /** Shared by every action of the same class. */
  decision: Decision;
}

/** Evaluates every catalog action for the account (as principal, on its own resources unless the request says otherwise). */
export async function accountEffectivePermissions(organization: OrganizationPermissions, accountId: string, request: AccountRequest = {}): Promise<ActionAnswer[]> {
  const catalog = await expandActionPattern('*');
  const extra = [...(request.identityPolicies ?? []), ...(request.permissionsBoundary ? [request.permissionsBoundary] : [])]
    .flatMap((policy) => compilePolicy(policy.Name, policy.Document).statements.flatMap(statementActionPatterns));
  const signatures = actionSignatures(organization, extra);
  const decisions = new Map<string, Decision>();
  return catalog.map((entry) => {
    const action = `${entry.service}:${entry.name}`;
    const signature = signatures(action);
    let decision = decisions.get(signature);
    if (!decision) decisions.set(signature, (decision = evaluateRequest(organization, { ...request, action, principalAccount: accountId })));
    return { action, service: entry.service, accessLevel: entry.accessLevel, decision };
  });
}

/** The accounts under an OU: in it and in the OUs below it. */
export function accountsUnder(organization: OrganizationPermissions, unitId: string): string[] {
  const accounts: string[] = [];
  const visit = (id: string) => {
    for (const child of organization.childrenOf(id)) {
      if (organization.isAccount(child)) accounts.push(child);
      else visit(child);
    }
  };
  visit(unitId);
  return accounts;
}

/** One catalog action over the accounts under an OU: in how many each decision came out. */
export interface UnitActionAnswer {
  action: string;
  service: string;
  accessLevel: string;
  accounts: Record<DecisionKind, number>;
}

/** Every account under an OU evaluated as `accountEffectivePermissions` does (each with its own request), counted per action and tallied. */
export async function unitEffectivePermissions(organization: OrganizationPermissions, unitId: string, requestFor: (accountId: string) => AccountRequest = () => ({}))
  : Promise<{ accounts: string[]; actions: UnitActionAnswer[]; tally: AnswerTally }> {
  const accounts = accountsUnder(organization, unitId);
  const actions = new Map<string, UnitActionAnswer>();
  const tally = new AnswerTally();
  for (const accountId of accounts) {
    for (const answer of await accountEffectivePermissions(organization, accountId, requestFor(accountId))) {
      let counted = actions.get(answer.action);
      if (!counted) {
        actions.set(answer.action, (counted = { action: answer.action, service: answer.service, accessLevel: answer.accessLevel, accounts: { allowed: 0, explicitDeny: 0, implicitDeny: 0, depends: 0 } }));
      }
      counted.accounts[answer.decision.decision]++;
      tally.add(accountId, answer);
    }
  }
  return { accounts, actions: [...actions.values()], tally };
}

/** Answers that came out the same way for the same reason: one denying statement and level, one missing Allow, the same dependencies. */
export interface Reason {
  decision: DecisionKind;
  /** One of the decisions: its cause or its dependencies say why. */
  example: Decision;
  actions: Set<string>;
  services: Set<string>;
  accounts: Set<string>;
}

/** The answers that wait for one condition key (or, with `key` empty, for the resource), and the clauses that ask for it. */
export interface KeyDependence {
  key: string;
  actions: Set<string>;
  accounts: Set<string>;
  clauses: Dependency[];
}

/** Why a report's answers came out as they did, tallied answer by answer. */
export class AnswerTally {
  readonly counts: Record<DecisionKind, number> = { allowed: 0, explicitDeny: 0, implicitDeny: 0, depends: 0 };
  private readonly reasons = new Map<string, Reason>();
  private readonly keys = new Map<string, KeyDependence & { clauseKeys: Set<string> }>();
  /** The reason key of each decision object (actions of a class share theirs). */
  private readonly keyOf = new WeakMap<Decision, string>();

  add(accountId: string, { action, service, decision }: Pick<ActionAnswer, 'action' | 'service' | 'decision'>): void {
    this.counts[decision.decision]++;
    let key = this.keyOf.get(decision);
    if (key === undefined) this.keyOf.set(decision, (key = reasonKey(decision)));
    let reason = this.reasons.get(key);
    if (!reason) this.reasons.set(key, (reason = { decision: decision.decision, example: decision, actions: new Set(), services: new Set(), accounts: new Set() }));
    reason.actions.add(action);
    reason.services.add(service);
    reason.accounts.add(accountId);
    for (const dependency of decision.dependsOn) {
      for (const name of dependency.missingKeys.length ? dependency.missingKeys : ['']) {
        let dependence = this.keys.get(name.toLowerCase());
        if (!dependence) this.keys.set(name.toLowerCase(), (dependence = { key: name, actions: new Set(), accounts: new Set(), clauses: [], clauseKeys: new Set() }));
        dependence.actions.add(action);
        dependence.accounts.add(accountId);
        const clause = dependencyKey(dependency);
        if (!dependence.clauseKeys.has(clause)) {
          dependence.clauseKeys.add(clause);
          dependence.clauses.push(dependency);
        }
      }
    }
  }

  /** The reasons, the one that decided most actions first. */
  byReason(): Reason[] {
    return [...this.reasons.values()].sort((a, b) => b.actions.size - a.actions.size || b.accounts.size - a.accounts.size);
  }

  /** The condition keys undecided answers wait for, the one most actions wait for first. */
  byKey(): KeyDependence[] {
    return [...this.keys.values()].map(({ clauseKeys: _clauseKeys, ...dependence }) => dependence).sort((a, b) => b.actions.size - a.actions.size);
  }
}

/** What makes two decisions the same reason: the decision, and its cause or dependencies. */
function reasonKey(decision: Decision): string {
  if (decision.cause) return `${decision.decision} ${causeKey(decision.cause)}`;
  return `${decision.decision} ${decision.dependsOn.map(dependencyKey).join(' & ')}`;
}

/** One account's decisions on an action entry, for "Why is this denied?" and the context account's hover. */
export interface EntryExplanation {
  entry: string;
  accountId: string;
  decisions: { decision: Decision; others: number }[];
  /** Groups of actions beyond the limit, not explained. */
  more: number;
}

/**
 * For a concrete action its decision; for a wildcard the decision of one action of each group that every policy
 * treats alike (all of a group's actions share it), for the first `limit` groups.
 */
export async function explainEntry(organization: OrganizationPermissions, entry: string, accountId: string, resource: string | undefined, limit: number, request: AccountRequest = {}): Promise<EntryExplanation> {
  const { classes } = await summarizeActionEntry(organization, entry);
  const decisions = classes.slice(0, limit).map((actionClass) => ({
    decision: evaluateRequest(organization, { ...request, action: actionClass.actions[0], principalAccount: accountId, ...(resource ? { resource } : {}) }),
    others: actionClass.actions.length - 1,
  }));
  return { entry, accountId, decisions, more: Math.max(0, classes.length - limit) };
}
