/**
 * Condition blocks evaluated against a request context, three-valued: a key the context does not give leaves
 * the condition unknown ("depends on"), never guessed. Semantics from the IAM User Guide's pages on condition
 * operators, multivalued context keys and policy variables; the operators themselves are in
 * `aws/conditionOperators.ts`.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { arnParts } from '../aws/arn';
import { ConditionOperator, parseConditionOperator } from '../aws/conditionOperators';
import { compileWildcard, testWildcard, WildcardPiece } from '../aws/wildcard';

/** A request context value as callers give it; lists are multivalued keys. */
export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

/**
 * The request context that conditions are evaluated against. Keys are case-insensitive. When `complete`
 * is false (the usual case when answering "what if"), a key that is not given is unknown; when true,
 * it is known to be absent from the request.
 */
export interface ConditionContext {
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly complete: boolean;
  /** Lower-cased keys that are unknown even in a complete context (they vary with something not yet fixed). */
  readonly unknown?: ReadonlySet<string>;
  /** Lower-cased key prefixes (`aws:principaltag/`) whose keys, when not given, are known to be absent even in an incomplete context. */
  readonly absentPrefixes?: readonly string[];
}

/** Builds a condition context from plain values. */
export function conditionContext(values: Readonly<Record<string, ContextValue>> = {}, complete = false): ConditionContext {
  const map = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(values)) {
    map.set(key.toLowerCase(), (Array.isArray(value) ? value : [value]).map(String));
  }
  return { values: map, complete };
}

/** What a context says about one key: its values, that it is absent, or that it is not known. */
export type KeyLookup = { state: 'present'; values: readonly string[] } | { state: 'absent' } | { state: 'unknown' };

/** Looks up a key (case-insensitively). */
export function lookupKey(context: ConditionContext, key: string): KeyLookup {
  const lower = key.toLowerCase();
  if (context.unknown?.has(lower)) return { state: 'unknown' };
  const values = context.values.get(lower);
  if (values) return { state: 'present', values };
  return context.complete || context.absentPrefixes?.some((prefix) => lower.startsWith(prefix)) ? { state: 'absent' } : { state: 'unknown' };
}

/** Three-valued truth: 'unknown' when the answer depends on request context that was not given. */
export type Truth = boolean | 'unknown';

/** Kleene conjunction. */
export function and(left: Truth, right: Truth): Truth {
  if (left === false || right === false) return false;
  return left === true && right === true ? true : 'unknown';
}

/** Kleene disjunction. */
export function or(left: Truth, right: Truth): Truth {
  if (left === true || right === true) return true;
  return left === false && right === false ? false : 'unknown';
}

/** Kleene negation. */
export function not(value: Truth): Truth {
  return value === 'unknown' ? value : !value;
}

/** One `operator: { key: values }` entry of a Condition block. */
export interface ConditionClause {
  operator: string;
  key: string;
  values: readonly string[];
}

/** A clause whose truth is unknown, with the keys (its own, or those of its policy variables) it waits for. */
export interface UnknownClause extends ConditionClause {
  missingKeys: string[];
}

/** The outcome of a condition: its truth and, when unknown, the clauses it depends on. */
export interface ConditionResult {
  result: Truth;
  dependsOn: UnknownClause[];
}

/** Options of condition evaluation. */
export interface ConditionOptions {
  /**
   * The policy's Version. Policy variables are resolved only in `2012-10-17` policies; in older policies
   * `${...}` is literal text.
   */
  version?: string;
}

/** The values of a Condition block key: one value or an array; numbers and booleans as their text. */
export function conditionValues(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((value) => ['string', 'number', 'boolean'].includes(typeof value)).map(String);
}

/** A clause prepared once: its operator parsed and, when its values hold no policy variables, their matchers. */
interface CompiledClause {
  clause: ConditionClause;
  operator: ConditionOperator | undefined;
  matchers: Matcher[] | undefined;
}

/** A Condition block prepared once for many evaluations. */
export interface CompiledConditionBlock {
  clauses: readonly CompiledClause[];
  /** Entries that are not `operator: { key: values }`: they leave the block unknown. */
  malformed: readonly UnknownClause[];
  options: ConditionOptions;
}

/** Prepares a Condition block (parsed JSON) for evaluation. */
export function compileConditionBlock(block: unknown, options: ConditionOptions = {}): CompiledConditionBlock {
  const clauses: CompiledClause[] = [];
  const malformed: UnknownClause[] = [];
  if (block !== undefined && (typeof block !== 'object' || block === null || Array.isArray(block))) {
    malformed.push({ operator: '(malformed Condition)', key: '', values: [], missingKeys: [] });
  } else if (block !== undefined) {
    for (const [operator, keys] of Object.entries(block as Record<string, unknown>)) {
      if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) malformed.push({ operator, key: '', values: [], missingKeys: [] });
      else for (const [key, raw] of Object.entries(keys as Record<string, unknown>)) clauses.push(compileClause({ operator, key, values: conditionValues(raw) }, options));
    }
  }
  return { clauses, malformed, options };
}

function compileClause(clause: ConditionClause, options: ConditionOptions): CompiledClause {
  const operator = parseConditionOperator(clause.operator);
  const hasVariables = options.version === '2012-10-17' && clause.values.some((value) => value.includes('${'));
  const matchers = operator && !hasVariables ? clause.values.map((value) => compare(operator, [value])) : undefined;
  return { clause, operator, matchers };
}

/**
 * Evaluates a whole Condition block: every operator and every key must hold (AND); within a key,
 * the values are alternatives (OR, or NOR for negated operators).
 */
export function evaluateConditionBlock(block: unknown, context: ConditionContext, options: ConditionOptions = {}): ConditionResult {
  return evaluateCompiledConditions(compileConditionBlock(block, options), context);
}

/** Evaluates a prepared Condition block. */
export function evaluateCompiledConditions(block: CompiledConditionBlock, context: ConditionContext): ConditionResult {
  if (!block.clauses.length && !block.malformed.length) return { result: true, dependsOn: [] };
  let result: Truth = block.malformed.length ? 'unknown' : true;
  const dependsOn: UnknownClause[] = [...block.malformed];
  for (const clause of block.clauses) {
    const single = evaluateClause(clause, context, block.options);
    if (single.result === false) return { result: false, dependsOn: [] };
    result = and(result, single.result);
    dependsOn.push(...single.dependsOn);
  }
  return { result, dependsOn };
}

/** Evaluates one operator on one key against the request context. */
export function evaluateCondition(clause: ConditionClause, context: ConditionContext, options: ConditionOptions = {}): ConditionResult {
  return evaluateClause(compileClause(clause, options), context, options);
}

function evaluateClause({ clause, operator, matchers }: CompiledClause, context: ConditionContext, options: ConditionOptions): ConditionResult {
  const unknown = (missingKeys: string[] = []): ConditionResult => ({ result: 'unknown', dependsOn: [{ ...clause, missingKeys }] });
  const known = (result: boolean): ConditionResult => ({ result, dependsOn: [] });
  // An unrecognized operator makes the policy malformed; what AWS would do with it is not ours to guess.
  if (!operator) return unknown();
  const lookup = lookupKey(context, clause.key);
  if (lookup.state === 'unknown') return unknown([clause.key]);

  if (operator.base === 'Null') {
    // Null: "true" tests that the key is absent, "false" that it is present.
    const absent = lookup.state === 'absent' || lookup.values.length === 0;
    return known(clause.values.some((value) => value.toLowerCase() === (absent ? 'true' : 'false')));
  }
  const requestValues = lookup.state === 'present' ? lookup.values : [];
  if (requestValues.length === 0) {
    if (operator.ifExists) return known(true);
    if (operator.qualifier === 'ForAllValues') return known(true);
    if (operator.qualifier === 'ForAnyValue') return known(false);
    // A negated operator with an absent key evaluates true; a positive one false.
    return known(operator.negated);
  }
  // "Multivalued context keys require a condition set operator" (IAM User Guide, "Single-valued vs. multivalued
  // context keys"): a single-valued operator compares one request value, so a request that carries several values
  // of the key matches it in no way, negated or not. This is the same answer whether the context is complete or
  // not (the values are given either way), as the policy simulator of the iam-simulate project also answers it.
  if (!operator.qualifier && requestValues.length > 1) return known(false);

  const policyValues = matchers ? { matchers, missingKeys: [] } : resolveValues(clause.values, operator, context, options);
  if (policyValues.missingKeys.length) return unknown(policyValues.missingKeys);
  const matchesAny = (requestValue: string) => policyValues.matchers.some((matcher) => matcher(requestValue));
  // For a negated operator, a request value "matches" when it matches none of the policy's values.
  const holds = (requestValue: string) => matchesAny(requestValue) !== operator.negated;
  if (operator.qualifier === 'ForAllValues') return known(requestValues.every(holds));
  return known(requestValues.some(holds));
}

/** A policy value ready to compare with one request value. */
type Matcher = (requestValue: string) => boolean;

/** Resolves policy variables in the policy values and compiles each into a matcher. */
function resolveValues(values: readonly string[], operator: ConditionOperator, context: ConditionContext, options: ConditionOptions): { matchers: Matcher[]; missingKeys: string[] } {
  const missingKeys: string[] = [];
  const matchers: Matcher[] = [];
  for (const value of values) {
    const resolved = resolvePolicyVariables(value, context, options);
    if (resolved.state === 'unknown') {
      missingKeys.push(...resolved.keys);
      continue;
    }
    // A variable without a value makes the value match nothing.
    if (resolved.state === 'absent') continue;
    matchers.push(compare(operator, resolved.pieces));
  }
  return { matchers, missingKeys };
}

/** The comparison of one request value against one (resolved) policy value. */
function compare(operator: ConditionOperator, pieces: WildcardPiece[]): Matcher {
  const { comparison, valueType } = operator;
  const text = pieces.map((piece) => (typeof piece === 'string' ? piece : piece.literal)).join('');
  switch (comparison) {
    case 'like': {
      const pattern = compileWildcard(pieces);
      return (requestValue) => testWildcard(pattern, requestValue);
    }
    case 'arnLike':
      return arnMatcher(pieces);
    case 'equalsIgnoreCase': {
      const lower = text.toLowerCase();
      return (requestValue) => requestValue.toLowerCase() === lower;
    }
    case 'ipAddress':
      return ipMatcher(text);
    case 'null':
      return () => false;
    default:
      break;
  }
  if (valueType === 'Numeric' || valueType === 'Date') {
    const parse = valueType === 'Numeric' ? parseNumber : parseDate;
    const policyNumber = parse(text);
    return (requestValue) => {
      const requestNumber = parse(requestValue);
      if (Number.isNaN(policyNumber) || Number.isNaN(requestNumber)) return false;
      switch (comparison) {
        case 'lessThan': return requestNumber < policyNumber;
        case 'lessThanEquals': return requestNumber <= policyNumber;
        case 'greaterThan': return requestNumber > policyNumber;
        case 'greaterThanEquals': return requestNumber >= policyNumber;
        default: return requestNumber === policyNumber;
      }
    };
  }
  if (valueType === 'Bool') {
    const lower = text.toLowerCase();
    return (requestValue) => requestValue.toLowerCase() === lower;
  }
  if (valueType === 'Binary') {
    const bytes = Buffer.from(text, 'base64');
    return (requestValue) => Buffer.from(requestValue, 'base64').equals(bytes);
  }
  return (requestValue) => requestValue === text;
}

function parseNumber(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

/** Dates are ISO 8601 or epoch seconds. */
function parseDate(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  return Date.parse(text);
}

/** IpAddress: the request address lies in the policy's CIDR block (or equals its single address). */
function ipMatcher(cidr: string): Matcher {
  const [address, bits] = cidr.split('/');
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  const prefix = bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits);
  if (!family || !Number.isInteger(prefix)) return () => false;
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return (requestValue) => {
    const requestFamily = isIPv4(requestValue) ? 'ipv4' : isIPv6(requestValue) ? 'ipv6' : undefined;
    return requestFamily !== undefined && list.check(requestValue, requestFamily);
  };
}

/** ArnLike/ArnEquals: each of the six parts is matched separately, each with its own wildcards. */
function arnMatcher(pieces: WildcardPiece[]): Matcher {
  // Split the pattern's pieces at the first five colons, keeping literal pieces literal.
  const partPieces: WildcardPiece[][] = [[]];
  for (const piece of pieces) {
    const raw = typeof piece === 'string' ? piece : piece.literal;
    const chunks = raw.split(':');
    chunks.forEach((chunk, index) => {
      if (index > 0) {
        if (partPieces.length < 6) partPieces.push([]);
        else partPieces[5].push({ literal: ':' });
      }
      partPieces[partPieces.length - 1].push(typeof piece === 'string' ? chunk : { literal: chunk });
    });
  }
  if (partPieces.length !== 6) return () => false;
  const patterns = partPieces.map((part) => compileWildcard(part));
  return (requestValue) => {
    const parts = arnParts(requestValue);
    return parts !== undefined && patterns.every((pattern, index) => testWildcard(pattern, parts[index]));
  };
}

/** A value with its policy variables resolved: pattern pieces, or why it cannot be. */
export type ResolvedValue =
  | { state: 'resolved'; pieces: WildcardPiece[] }
  | { state: 'absent' }
  | { state: 'unknown'; keys: string[] };

const variablePattern = /\$\{([^}]*)\}/g;

/**
 * Resolves `${key}` and `${key, 'default'}` policy variables, and the literals `${*}`, `${?}`, `${$}`.
 * Resolved values are literal pieces, so a `*` in a tag value is not a wildcard. Multivalued keys
 * cannot be policy variables.
 */
export function resolvePolicyVariables(value: string, context: ConditionContext, options: ConditionOptions = {}): ResolvedValue {
  if (options.version !== '2012-10-17' || !value.includes('${')) return { state: 'resolved', pieces: [value] };
  const pieces: WildcardPiece[] = [];
  const unknownKeys: string[] = [];
  let absent = false;
  let last = 0;
  for (const match of value.matchAll(variablePattern)) {
    pieces.push(value.slice(last, match.index));
    last = match.index + match[0].length;
    const inner = match[1].trim();
    if (inner === '*' || inner === '?' || inner === '$') {
      pieces.push({ literal: inner });
      continue;
    }
    const withDefault = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(inner);
    const key = withDefault ? withDefault[1].trim() : inner;
    const lookup = lookupKey(context, key);
    if (lookup.state === 'present' && lookup.values.length === 1) pieces.push({ literal: lookup.values[0] });
    // Unknown, or multivalued (which cannot be a policy variable): the value cannot be decided.
    else if (lookup.state === 'unknown' || (lookup.state === 'present' && lookup.values.length > 1)) unknownKeys.push(key);
    else if (withDefault) pieces.push({ literal: withDefault[2] });
    else absent = true;
  }
  pieces.push(value.slice(last));
  if (unknownKeys.length) return { state: 'unknown', keys: unknownKeys };
  return absent ? { state: 'absent' } : { state: 'resolved', pieces };
}
