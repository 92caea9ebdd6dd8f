/** How the explorer words AWS entities: `Name (ID)` labels, policy type names, dates, Markdown tooltips and console links. */
import * as vscode from 'vscode';
import type { PolicyType } from '@aws-sdk/client-organizations';

/** The label every named entity gets: `Name (ID)`, or the ID alone when it has no name. */
export function nameAndId(name: string | undefined, id: string | undefined): string {
  return name ? `${name} (${id ?? '?'})` : id ?? '?';
}

/** The plural names the Organizations console gives each policy type. */
const policyTypeNames: Record<PolicyType, string> = {
  SERVICE_CONTROL_POLICY: 'Service control policies',
  RESOURCE_CONTROL_POLICY: 'Resource control policies',
  DECLARATIVE_POLICY_EC2: 'Declarative policies',
  BACKUP_POLICY: 'Backup policies',
  TAG_POLICY: 'Tag policies',
  CHATBOT_POLICY: 'Chat applications policies',
  AISERVICES_OPT_OUT_POLICY: 'AI services opt-out policies',
  SECURITYHUB_POLICY: 'Security Hub policies',
  SECURITYHUB_CSPM_POLICY: 'Security Hub CSPM policies',
  INSPECTOR_POLICY: 'Amazon Inspector policies',
  BEDROCK_POLICY: 'Amazon Bedrock policies',
  S3_POLICY: 'Amazon S3 policies',
  GUARDDUTY_POLICY: 'Amazon GuardDuty policies',
  NETWORK_SECURITY_DIRECTOR_POLICY: 'Network security director policies',
  UPGRADE_ROLLOUT_POLICY: 'Upgrade rollout policies',
};

export function policyTypeName(type: PolicyType | string | undefined): string {
  return policyTypeNames[type as PolicyType] ?? String(type);
}

/** The order the console lists policy types in: authorization policies first, then the management types by name. */
export function comparePolicyTypes(a: string | undefined, b: string | undefined): number {
  const rank = (type: string | undefined) => (type === 'SERVICE_CONTROL_POLICY' ? 0 : type === 'RESOURCE_CONTROL_POLICY' ? 1 : 2);
  return rank(a) - rank(b) || policyTypeName(a).localeCompare(policyTypeName(b));
}

/** `SUSPENDED` → `suspended`, `PENDING_CLOSURE` → `pending closure`. */
export function words(value: string | undefined): string {
  return (value ?? '').toLowerCase().replace(/_/g, ' ');
}

/**
 * A date as `2026-11-28`. Dates cross the protocol as ISO strings although the SDK's types say `Date`,
 * so both are accepted.
 */
export function day(value: Date | string | undefined): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

/** A Markdown tooltip built from a title and `label: value` rows; rows without a value are left out. */
export function tooltip(title: string, rows: [string, string | undefined][]): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(`**${escape(title)}**\n\n`);
  for (const [label, value] of rows) {
    if (value !== undefined && value !== '') markdown.appendMarkdown(`${label}: ${escape(value)}  \n`);
  }
  return markdown;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

/** The AWS console's host for an ARN's partition. */
function consoleHost(arn: string | undefined): string {
  const partition = arn?.split(':')[1];
  if (partition === 'aws-cn') return 'https://console.amazonaws.cn';
  if (partition === 'aws-us-gov') return 'https://console.amazonaws-us-gov.com';
  return 'https://console.aws.amazon.com';
}

/** What the Organizations console has a page for. */
export type ConsolePage =
  | { page: 'root' | 'invitations' | 'services'; arn?: string }
  | { page: 'organizationalUnit' | 'account'; id: string; arn?: string }
  | { page: 'policies'; type: string; policyId?: string; arn?: string };

/**
 * The console URL of a page. The policy pages' path segment is the type in lower case with dashes
 * (`service-control-policy`, `tag-policy`, `aiservices-opt-out-policy`, as the user guide links them).
 */
export function consoleUrl(target: ConsolePage): vscode.Uri {
  const base = `${consoleHost(target.arn)}/organizations/v2/home`;
  switch (target.page) {
    case 'root': case 'invitations': case 'services':
      return vscode.Uri.parse(`${base}/${target.page}`);
    case 'organizationalUnit':
      return vscode.Uri.parse(`${base}/organizational-units/${target.id}`);
    case 'account':
      return vscode.Uri.parse(`${base}/accounts/${target.id}`);
    case 'policies': {
      const slug = target.type.toLowerCase().replace(/_/g, '-');
      return vscode.Uri.parse(`${base}/policies/${slug}${target.policyId ? `/${target.policyId}` : ''}`);
    }
  }
}
