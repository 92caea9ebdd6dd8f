/**
 * Common values a report can assume for the request keys its answers wait for: where "depends" dominates an
 * account's answers, it is mostly on who the principal is (the root user or not) and where the request is made.
 * Each assumption names the values it sets, so that an answer computed with it says exactly what was assumed.
 */
import type { ContextValue } from './conditions';
import type { AccountRequest, KeyDependence } from './effectivePermissions';

/** A common value for some request keys, and how it sets them for a principal of an account. */
export interface Assumption {
  /** Stable across requests: the report view sends back the ids the user chose. */
  id: string;
  /** What is assumed, with the values it sets. */
  label: string;
  request(accountId: string): Pick<AccountRequest, 'context' | 'principalType'>;
}

/** The example role whose ARN stands for "a principal that is not the root user". */
const exampleRole = 'ExampleRole';

const notRootUser: Assumption = {
  id: 'notRootUser',
  label: `The principal is an IAM role of the account, not the root user (\`aws:PrincipalArn\` = \`arn:aws:iam::<account>:role/${exampleRole}\`)`,
  request: (accountId) => ({ context: { 'aws:PrincipalArn': `arn:aws:iam::${accountId}:role/${exampleRole}` }, principalType: 'AssumedRole' }),
};

/** Assumptions that set one key to one value for every account. */
const fixed: Record<string, { id: string; label: string; value: ContextValue }> = {
  'aws:multifactorauthpresent': { id: 'mfa', label: 'The principal signed in with MFA (`aws:MultiFactorAuthPresent` = `true`)', value: true },
  'aws:securetransport': { id: 'secureTransport', label: 'The request is sent over TLS (`aws:SecureTransport` = `true`)', value: true },
  'aws:viaawsservice': { id: 'direct', label: 'The principal calls AWS itself, not through another service (`aws:ViaAWSService` = `false`)', value: false },
  'aws:principalisawsservice': { id: 'notServicePrincipal', label: 'The principal is not an AWS service (`aws:PrincipalIsAWSService` = `false`)', value: false },
};

function keyAssumption(key: string, value: ContextValue, id: string, label: string): Assumption {
  return { id, label, request: () => ({ context: { [key]: value } }) };
}

/** The first Region a clause on `aws:RequestedRegion` names literally (no wildcard), the one offered as "the request is made in". */
function namedRegion(dependence: KeyDependence): string | undefined {
  for (const clause of dependence.clauses) for (const value of clause.values) if (/^[a-z]{2}(-[a-z]+)+-\d$/.test(value)) return value;
  return undefined;
}

function regionAssumption(region: string): Assumption {
  return keyAssumption('aws:RequestedRegion', region, `region:${region}`, `The request is made in ${region} (\`aws:RequestedRegion\` = \`${region}\`)`);
}

/** The assumptions that would decide some of the keys the answers wait for, most waited-for key first. */
export function assumptionsFor(dependences: readonly KeyDependence[]): Assumption[] {
  const offered = new Map<string, Assumption>();
  for (const dependence of dependences) {
    const key = dependence.key.toLowerCase();
    if (key === 'aws:principalarn' || key === 'aws:principaltype') offered.set(notRootUser.id, notRootUser);
    const region = key === 'aws:requestedregion' && namedRegion(dependence);
    if (region) offered.set(`region:${region}`, regionAssumption(region));
    const common = fixed[key];
    if (common) offered.set(common.id, keyAssumption(dependence.key, common.value, common.id, common.label));
  }
  return [...offered.values()];
}

/** An assumption from its id (ids come back from the report view), or undefined for one this version does not know. */
export function assumptionById(id: string): Assumption | undefined {
  if (id === notRootUser.id) return notRootUser;
  const region = /^region:([a-z]{2}(-[a-z]+)+-\d)$/.exec(id)?.[1];
  if (region) return regionAssumption(region);
  const [key, common] = Object.entries(fixed).find(([, candidate]) => candidate.id === id) ?? [];
  return key && common ? keyAssumption(key, common.value, common.id, common.label) : undefined;
}

/** The request of a principal of the account under the assumptions: their context keys merged, the last one's principal type. */
export function assumedRequest(assumptions: readonly Assumption[], accountId: string): AccountRequest {
  const request: AccountRequest = {};
  for (const assumption of assumptions) {
    const { context, principalType } = assumption.request(accountId);
    request.context = { ...request.context, ...context };
    if (principalType) request.principalType = principalType;
  }
  return request;
}
