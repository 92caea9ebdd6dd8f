/**
 * A policy document compiled for evaluation: its statements with their Action/NotAction patterns
 * (case-insensitive), Resource/NotResource patterns (case-sensitive, with policy variables) and Condition;
 * and the evaluation of a set of policies against one request, statement by statement.
 */
import {
  and, compileConditionBlock, CompiledConditionBlock, ConditionContext, evaluateCompiledConditions, not, or, resolvePolicyVariables, Truth,
} from './conditions';
import { DecisionKind, Dependency, PolicySetVerdict, StatementOutcome, StatementRef } from './model';
import { compileWildcard, testWildcard, WildcardPattern, wildcardPattern } from '../aws/wildcard';

/** A statement ready to evaluate. */
export interface CompiledStatement {
  ref: StatementRef;
  /** Exactly one of actions / notActions is set. */
  actions?: readonly WildcardPattern[];
  notActions?: readonly WildcardPattern[];
  /** Exactly one of resources / notResources is set; raw text, because policy variables resolve per request. */
  resources?: readonly string[];
  notResources?: readonly string[];
  /** The Principal values when they name anything other than everyone (`"*"`). */
  principal?: readonly string[];
  condition: CompiledConditionBlock;
}

/** A compiled policy; `problems` lists the statements that could not be read (they are left out). */
export interface CompiledPolicy {
  id?: string;
  name: string;
  version?: string;
  statements: readonly CompiledStatement[];
  problems: readonly string[];
}

/** The request as statements see it. */
export interface StatementRequest {
  action: string;
  resource?: string;
  context: ConditionContext;
}

/** The string values of a policy element (one string or an array of strings). */
export function elementValues(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  return undefined;
}

/** The `Statement` element as a list (it may be one object). */
export function statementsOf(content: unknown): unknown[] {
  if (typeof content !== 'object' || content === null) return [];
  const statement = (content as Record<string, unknown>).Statement;
  return Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
}

/** Compiles parsed policy JSON. Malformed statements are reported in `problems` and take no part. */
export function compilePolicy(name: string, content: unknown, id?: string): CompiledPolicy {
  const problems: string[] = [];
  const statements: CompiledStatement[] = [];
  const version = typeof content === 'object' && content !== null ? (content as Record<string, unknown>).Version : undefined;
  statementsOf(content).forEach((raw, index) => {
    const problem = (text: string): void => {
      problems.push(`Statement ${index}: ${text}`);
    };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return problem('not an object');
    const element = raw as Record<string, unknown>;
    const Effect = element.Effect;
    if (Effect !== 'Allow' && Effect !== 'Deny') return problem('Effect must be "Allow" or "Deny"');
    const Sid = typeof element.Sid === 'string' ? element.Sid : undefined;
    const ref: StatementRef = { ...(id !== undefined ? { policyId: id } : {}), policyName: name, index, ...(Sid !== undefined ? { Sid } : {}), Effect };
    const actions = elementValues(element.Action);
    const notActions = elementValues(element.NotAction);
    if ((actions === undefined) === (notActions === undefined)) return problem('needs exactly one of Action and NotAction, as strings');
    const resources = elementValues(element.Resource);
    const notResources = elementValues(element.NotResource);
    if ((resources === undefined) === (notResources === undefined)) return problem('needs exactly one of Resource and NotResource, as strings');
    const toPatterns = (list: string[]) => list.map((action) => wildcardPattern(action, { caseInsensitive: true }));
    const principal = principalValues(element.Principal);
    statements.push({
      ref,
      ...(actions ? { actions: toPatterns(actions) } : { notActions: toPatterns(notActions!) }),
      ...(resources ? { resources } : { notResources: notResources! }),
      ...(principal ? { principal } : {}),
      condition: compileConditionBlock(element.Condition, { ...(typeof version === 'string' ? { version } : {}) }),
    });
  });
  return { ...(id !== undefined ? { id } : {}), name, ...(typeof version === 'string' ? { version } : {}), statements, problems };
}

/** The Principal values unless the element is absent or means everyone (`"*"`, `{"AWS": "*"}`). */
function principalValues(principal: unknown): string[] | undefined {
  if (principal === undefined || principal === '*') return undefined;
  if (typeof principal === 'object' && principal !== null && !Array.isArray(principal)) {
    const entries = Object.entries(principal as Record<string, unknown>);
    if (entries.length === 1 && entries[0][0] === 'AWS' && entries[0][1] === '*') return undefined;
    return entries.flatMap(([kind, value]) => (elementValues(value) ?? []).map((item) => `${kind}: ${item}`));
  }
  return [String(principal)];
}

/** The action patterns a statement names (in Action or NotAction). */
export function statementActionPatterns(statement: CompiledStatement): readonly WildcardPattern[] {
  return statement.actions ?? statement.notActions!;
}

/** Whether the statement's Action/NotAction covers the action (case-insensitive). */
export function matchesAction(statement: CompiledStatement, action: string): boolean {
  if (statement.actions) return statement.actions.some((pattern) => testWildcard(pattern, action));
  return !statement.notActions!.some((pattern) => testWildcard(pattern, action));
}

/** A pattern that matches every string (`*`, `**`): it decides even when the resource is not known. */
function matchesEverything(pattern: WildcardPattern): boolean {
  return pattern.hasStar && pattern.segments.every((segment) => segment.text === '');
}

/** Whether the statement applies to the request, and if that is unknown, what it depends on. */
export function evaluateStatement(statement: CompiledStatement, policy: CompiledPolicy, request: StatementRequest): StatementOutcome {
  const dependsOn: Dependency[] = [];
  const outcome = (applies: Truth): StatementOutcome => ({ ...statement.ref, applies, dependsOn: applies === 'unknown' ? dependsOn : [] });
  if (!matchesAction(statement, request.action)) return outcome(false);

  let applies: Truth = true;
  if (statement.principal) {
    applies = 'unknown';
    dependsOn.push({ element: 'Principal', values: statement.principal, missingKeys: [], statement: statement.ref });
  }
  const element = statement.resources ? 'Resource' : 'NotResource';
  const resourceMatch = matchesResource(statement.resources ?? statement.notResources!, policy.version, request);
  const resourceTruth = statement.resources ? resourceMatch.result : not(resourceMatch.result);
  applies = and(applies, resourceTruth);
  if (resourceTruth === 'unknown') {
    dependsOn.push({ element, values: statement.resources ?? statement.notResources!, missingKeys: resourceMatch.missingKeys, statement: statement.ref });
  }
  if (applies === false) return outcome(false);

  const condition = evaluateCompiledConditions(statement.condition, request.context);
  applies = and(applies, condition.result);
  if (condition.result === 'unknown') {
    for (const clause of condition.dependsOn) {
      dependsOn.push({ element: 'Condition', operator: clause.operator, key: clause.key, values: clause.values, missingKeys: clause.missingKeys, statement: statement.ref });
    }
  }
  return outcome(applies);
}

/** Whether the request's resource matches any of the patterns; unknown when the resource or a variable is not known. */
function matchesResource(patterns: readonly string[], version: string | undefined, request: StatementRequest): { result: Truth; missingKeys: string[] } {
  let result: Truth = false;
  const missingKeys: string[] = [];
  for (const text of patterns) {
    const resolved = resolvePolicyVariables(text, request.context, { version });
    if (resolved.state === 'absent') continue;
    if (resolved.state === 'unknown') {
      missingKeys.push(...resolved.keys);
      result = or(result, 'unknown');
      continue;
    }
    const pattern = resolved.pieces.length === 1 ? wildcardPattern(text) : compileWildcard(resolved.pieces);
    if (matchesEverything(pattern)) return { result: true, missingKeys: [] };
    result = or(result, request.resource === undefined ? 'unknown' : testWildcard(pattern, request.resource));
    if (result === true) return { result, missingKeys: [] };
  }
  return { result, missingKeys };
}

/**
 * Evaluates a set of policies together: the set allows when some Allow statement applies and denies when
 * some Deny statement applies. Only statements that apply or may apply are kept for the explanation.
 */
export function evaluatePolicies(policies: readonly CompiledPolicy[], request: StatementRequest): PolicySetVerdict {
  return policySetVerdict(policies.flatMap((policy) => policyOutcomes(policy, request)));
}

/** The outcomes of a policy's statements that apply or may apply to the request. */
export function policyOutcomes(policy: CompiledPolicy, request: StatementRequest): StatementOutcome[] {
  const outcomes: StatementOutcome[] = [];
  for (const statement of policy.statements) {
    // Most statements are about other actions: skip them before building an outcome.
    if (!matchesAction(statement, request.action)) continue;
    const outcome = evaluateStatement(statement, policy, request);
    if (outcome.applies !== false) outcomes.push(outcome);
  }
  return outcomes;
}

/** Combines statement outcomes into a verdict. */
export function policySetVerdict(statements: readonly StatementOutcome[]): PolicySetVerdict {
  let allow: Truth = false;
  let deny: Truth = false;
  for (const statement of statements) {
    if (statement.Effect === 'Allow') allow = or(allow, statement.applies);
    else deny = or(deny, statement.applies);
  }
  const decision = decisionOf(allow, deny);
  const dependsOn = decision !== 'depends' ? [] : statements
    .filter((statement) => statement.applies === 'unknown' && (statement.Effect === 'Allow' ? allow : deny) === 'unknown')
    .flatMap((statement) => statement.dependsOn);
  return { allow, deny, decision, statements, dependsOn };
}

/**
 * The decision for "allowed when every Allow holds and no Deny does". An explicit deny wins; without an
 * applicable Allow the request is implicitly denied, whatever an undecided Deny would do.
 */
export function decisionOf(allow: Truth, deny: Truth): DecisionKind {
  if (deny === true) return 'explicitDeny';
  if (allow === false) return 'implicitDeny';
  return allow === true && deny === false ? 'allowed' : 'depends';
}
