/**
 * The evaluator's inputs and outputs as plain data, in AWS's words: the organization graph with its
 * authorization policies, a request, and the explained decision (per level, which policy and statement
 * allowed or denied, or that none matched; what an undecided answer depends on).
 */
import type { TargetType } from '@aws-sdk/client-organizations';
import type { ContextValue, Truth } from './conditions';

/** The two authorization policy types; the others (tag, backup...) are not evaluated by IAM. */
export type AuthorizationPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** An organizational unit, under the root or another OU. */
export interface OrganizationalUnitNode {
  Id: string;
  Name: string;
  ParentId: string;
}

/** A member (or the management) account, under the root or an OU. */
export interface AccountNode {
  Id: string;
  Name: string;
  ParentId: string;
}

/** An SCP or RCP with its parsed content (the JSON of `Policy.Content`). */
export interface PolicyNode {
  Id: string;
  Name: string;
  Type: AuthorizationPolicyType;
  Content: unknown;
  AwsManaged?: boolean;
}

/** A policy attached to a root, OU or account. */
export interface PolicyAttachment {
  PolicyId: string;
  TargetId: string;
}

/**
 * The organization as the evaluator needs it: its structure, the authorization policies, where each is
 * attached, and which authorization policy types are enabled on the root.
 */
export interface OrganizationGraph {
  /** `o-...`: the value of `aws:PrincipalOrgID` / `aws:ResourceOrgID` for accounts in the organization. */
  OrganizationId?: string;
  RootId: string;
  ManagementAccountId: string;
  EnabledPolicyTypes: readonly AuthorizationPolicyType[];
  OrganizationalUnits: readonly OrganizationalUnitNode[];
  Accounts: readonly AccountNode[];
  Policies: readonly PolicyNode[];
  Attachments: readonly PolicyAttachment[];
}

/** An identity policy or permissions boundary: a name to explain with and the parsed document. */
export interface NamedPolicy {
  Name: string;
  Document: unknown;
}

/** The values of the `aws:PrincipalType` condition key. */
export type PrincipalType = 'Account' | 'User' | 'FederatedUser' | 'AssumedRole' | 'Anonymous';

/** What is asked: may this principal perform this action (on this resource)? */
export interface AuthorizationRequest {
  /** `service:Action`, e.g. `s3:GetObject`. */
  action: string;
  /** The resource ARN; when omitted, statements that name resources make the answer depend on the resource. */
  resource?: string;
  /** The account of the calling principal; SCPs on its path apply. */
  principalAccount: string;
  /** The account that owns the resource; RCPs on its path apply. Defaults to the principal's account. */
  resourceAccount?: string;
  /** `Account` is the account root user, which identity policies do not govern. */
  principalType?: PrincipalType;
  /** Service-linked roles are not affected by SCPs. */
  serviceLinkedRole?: boolean;
  /** Request context keys and their values (`aws:SourceIp`, `aws:PrincipalTag/team`...). */
  context?: Readonly<Record<string, ContextValue>>;
  /** True when keys missing from `context` are known to be absent from the request, not merely unknown. */
  contextComplete?: boolean;
  /** Key prefixes (`aws:PrincipalTag/`) whose keys missing from `context` are known to be absent, the rest staying unknown. */
  absentKeyPrefixes?: readonly string[];
  /** The principal's identity-based policies; when omitted, only the organization's policies are evaluated. */
  identityPolicies?: readonly NamedPolicy[];
  permissionsBoundary?: NamedPolicy;
}

/** The verdicts of AWS's policy simulator (`EvalDecision`), plus ours for an answer that depends on the request. */
export type DecisionKind = 'allowed' | 'explicitDeny' | 'implicitDeny' | 'depends';

/** A statement, located for an explanation: policy, index in `Statement` and Sid. */
export interface StatementRef {
  policyId?: string;
  policyName: string;
  /** Zero-based position in the `Statement` array. */
  index: number;
  Sid?: string;
  Effect: 'Allow' | 'Deny';
}

/** Something the answer depends on: a condition clause, the resource, or the principal, with the keys missing. */
export interface Dependency {
  element: 'Condition' | 'Resource' | 'NotResource' | 'Principal';
  /** For conditions: the operator and key. */
  operator?: string;
  key?: string;
  values: readonly string[];
  /** Context keys whose values would decide it. */
  missingKeys: readonly string[];
  statement: StatementRef;
}

/** A statement that applies (or may apply) to the request. */
export interface StatementOutcome extends StatementRef {
  applies: Truth;
  dependsOn: readonly Dependency[];
}

/** The verdict of a set of statements evaluated together (one level's policies, identity policies, boundary). */
export interface PolicySetVerdict {
  /** Some Allow statement applies. */
  allow: Truth;
  /** Some Deny statement applies. */
  deny: Truth;
  decision: DecisionKind;
  /** The statements that apply or may apply; empty when no statement matched. */
  statements: readonly StatementOutcome[];
  /** What an undecided verdict depends on (only the statements that could change it). */
  dependsOn: readonly Dependency[];
}

/** One level of a chain: the root, an OU or the account, with the policies attached there. */
export interface LevelVerdict extends PolicySetVerdict {
  targetId: string;
  targetName: string;
  targetType: TargetType;
  attachedPolicies: readonly { Id: string; Name: string }[];
}

/** Why a chain of organization policies does not apply to a request. */
export type ChainExemption =
  | 'POLICY_TYPE_NOT_ENABLED'
  | 'MANAGEMENT_ACCOUNT'
  | 'SERVICE_LINKED_ROLE'
  | 'OUTSIDE_ORGANIZATION'
  | 'SERVICE_NOT_SUPPORTED';

/** The SCP chain of the principal's account, or the RCP chain of the resource's account. */
export interface ChainVerdict {
  policyType: AuthorizationPolicyType;
  /** The account whose path is evaluated. */
  accountId: string;
  exemption?: ChainExemption;
  allow: Truth;
  deny: Truth;
  decision: DecisionKind;
  /** Root first, account last; empty when exempt. */
  levels: readonly LevelVerdict[];
  dependsOn: readonly Dependency[];
}

/** The stage of evaluation a denial comes from. */
export type Stage = AuthorizationPolicyType | 'IDENTITY_POLICIES' | 'PERMISSIONS_BOUNDARY';

/** Where a denial comes from: the stage, the level (for SCPs and RCPs), and the Deny statements if explicit. */
export interface DenyCause {
  stage: Stage;
  kind: 'explicitDeny' | 'implicitDeny';
  target?: { Id: string; Name: string; Type: TargetType };
  /** The Deny statements that apply (explicit denials); empty when no Allow matched. */
  statements: readonly StatementRef[];
}

/** The explained answer to a request. */
export interface Decision {
  request: AuthorizationRequest;
  decision: DecisionKind;
  /** For a denial: the first stage and level that denies (an explicit Deny before a missing Allow). */
  cause?: DenyCause;
  serviceControlPolicies: ChainVerdict;
  resourceControlPolicies: ChainVerdict;
  /** Absent when the request gave no identity policies or the principal is the root user. */
  identityPolicies?: PolicySetVerdict;
  permissionsBoundary?: PolicySetVerdict;
  /** What a `depends` decision hinges on. */
  dependsOn: readonly Dependency[];
  /** Set when the action needs no permission (`sts:GetCallerIdentity`): allowed whatever the policies say. */
  noPermissionRequired?: true;
}
