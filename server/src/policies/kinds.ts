/**
 * The kinds of policy documents the language server knows, and how a document's kind is decided:
 * a type known from the organization, then the file name convention, then configured globs, then the content.
 */
import type { PolicyType } from '@aws-sdk/client-organizations';

/**
 * Every Organizations policy type (the SDK's `PolicyType`), plus the two IAM policy types that Access
 * Analyzer's `ValidatePolicy` names `IDENTITY_POLICY` and `RESOURCE_POLICY`.
 */
export type PolicyKind = PolicyType | 'IDENTITY_POLICY' | 'RESOURCE_POLICY';

/** Where a document's kind came from, in the order of precedence. */
export type PolicyKindSource = 'organization' | 'fileName' | 'glob' | 'content';

/** What the server knows about one kind. */
export interface PolicyKindInfo {
  kind: PolicyKind;
  /** The name AWS gives it. */
  label: string;
  /** The file name convention: `<name>.<suffix>.json` (or `.jsonc`). */
  suffix: string;
  /** Authorization policies are written in the IAM policy language (a `Statement` document). */
  language: 'iam' | 'management';
  /** The size quota in characters, when AWS documents one. */
  sizeLimit?: number;
}

/** Kinds in the order the status bar lists them. Size quotas: facts §3 (Organizations quotas page). */
export const policyKinds: readonly PolicyKindInfo[] = [
  { kind: 'SERVICE_CONTROL_POLICY', label: 'Service control policy (SCP)', suffix: 'scp', language: 'iam', sizeLimit: 5120 },
  { kind: 'RESOURCE_CONTROL_POLICY', label: 'Resource control policy (RCP)', suffix: 'rcp', language: 'iam', sizeLimit: 5120 },
  // IAM managed policies may hold 6,144 characters, whitespace not counted.
  { kind: 'IDENTITY_POLICY', label: 'IAM identity-based policy', suffix: 'iam', language: 'iam', sizeLimit: 6144 },
  { kind: 'RESOURCE_POLICY', label: 'Resource-based policy', suffix: 'resource', language: 'iam' },
  { kind: 'TAG_POLICY', label: 'Tag policy', suffix: 'tag', language: 'management', sizeLimit: 10000 },
  { kind: 'BACKUP_POLICY', label: 'Backup policy', suffix: 'backup', language: 'management', sizeLimit: 10000 },
  { kind: 'AISERVICES_OPT_OUT_POLICY', label: 'AI services opt-out policy', suffix: 'aiopt', language: 'management', sizeLimit: 2500 },
  { kind: 'CHATBOT_POLICY', label: 'Chat applications policy', suffix: 'chatbot', language: 'management', sizeLimit: 10000 },
  { kind: 'DECLARATIVE_POLICY_EC2', label: 'Declarative policy (EC2)', suffix: 'declarative', language: 'management', sizeLimit: 10000 },
  { kind: 'SECURITYHUB_POLICY', label: 'Security Hub policy', suffix: 'securityhub', language: 'management', sizeLimit: 10000 },
  { kind: 'SECURITYHUB_CSPM_POLICY', label: 'Security Hub CSPM policy', suffix: 'securityhubcspm', language: 'management', sizeLimit: 10000 },
  { kind: 'INSPECTOR_POLICY', label: 'Amazon Inspector policy', suffix: 'inspector', language: 'management' },
  { kind: 'BEDROCK_POLICY', label: 'Amazon Bedrock policy', suffix: 'bedrock', language: 'management' },
  { kind: 'S3_POLICY', label: 'Amazon S3 policy', suffix: 's3', language: 'management' },
  { kind: 'GUARDDUTY_POLICY', label: 'Amazon GuardDuty policy', suffix: 'guardduty', language: 'management' },
  { kind: 'NETWORK_SECURITY_DIRECTOR_POLICY', label: 'Network security director policy', suffix: 'nsd', language: 'management' },
  { kind: 'UPGRADE_ROLLOUT_POLICY', label: 'Upgrade rollout policy', suffix: 'upgraderollout', language: 'management' },
];

const byKind = new Map(policyKinds.map((info) => [info.kind, info]));

/** The description of a kind. */
export function policyKindInfo(kind: PolicyKind): PolicyKindInfo {
  const info = byKind.get(kind);
  if (!info) throw new Error(`unknown policy kind ${kind}`);
  return info;
}

/** Whether a string names a kind. */
export function isPolicyKind(value: unknown): value is PolicyKind {
  return typeof value === 'string' && byKind.has(value as PolicyKind);
}

/** The kind a file name's convention names (`deny-regions.scp.json`), if any. */
export function kindFromFileName(fileName: string): PolicyKind | undefined {
  const match = /\.([a-z0-9]+)\.jsonc?$/i.exec(fileName);
  const suffix = match?.[1].toLowerCase();
  return policyKinds.find((info) => info.suffix === suffix)?.kind;
}

/** Globs per kind, as the `awsOrganizations.policies.globs` setting holds them. */
export type PolicyKindGlobs = Partial<Record<PolicyKind, string[]>>;

/** The first kind whose globs match the path (forward slashes; globs match the whole path or a trailing part of it). */
export function kindFromGlobs(path: string, globs: PolicyKindGlobs): PolicyKind | undefined {
  for (const [kind, patterns] of Object.entries(globs) as [PolicyKind, string[]][]) {
    if (isPolicyKind(kind) && patterns.some((pattern) => globToRegExp(pattern).test(path))) return kind;
  }
  return undefined;
}

/** Converts a glob (`**`, `*`, `?`, `{a,b}`) into a regular expression anchored at a path boundary. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let braces = 0;
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '*' && glob[index + 1] === '*') {
      // `**/` matches any number of whole folders, including none.
      const slash = glob[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') { source += '(?:'; braces++; }
    else if (char === '}' && braces > 0) { source += ')'; braces--; }
    else if (char === ',' && braces > 0) source += '|';
    else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${source}$`, 'i');
}

/** The kind the content suggests: a `Statement` document, or the top-level key of a management policy. */
export function kindFromContent(topLevelKeys: readonly string[], hasPrincipal: boolean): PolicyKind | undefined {
  if (topLevelKeys.includes('Statement')) return hasPrincipal ? 'RESOURCE_POLICY' : 'IDENTITY_POLICY';
  if (topLevelKeys.includes('tags')) return 'TAG_POLICY';
  if (topLevelKeys.includes('plans')) return 'BACKUP_POLICY';
  if (topLevelKeys.includes('services')) return 'AISERVICES_OPT_OUT_POLICY';
  return undefined;
}
