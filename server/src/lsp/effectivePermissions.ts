/**
 * Effective permissions in the editor: the organization's SCP/RCP graph prepared once per version of the
 * organization (rebuilt when the model changes), a hover section on actions and wildcards (allowed in N
 * accounts, denied in M grouped by cause, and the context account's full chain), a hover and CodeLens on an
 * SCP or RCP that is attached in the organization (where, how many accounts, the impact of the unsaved
 * edit), and the requests behind "Why is this denied?" and "Show effective permissions".
 */
import * as path from 'node:path';
import { getNodeValue } from 'jsonc-parser';
import {
  CodeLens, CodeLensRefreshRequest, Connection, ErrorCodes, InitializeParams, LSPErrorCodes, ResponseError, ServerCapabilities,
} from 'vscode-languageserver';
import type { OrganizationModel } from '../organizations/model';
import { rcpSupportedServices } from '../permissions/actionCatalog';
import { accountEffectivePermissions, ServiceAccess } from '../permissions/effectivePermissions';
import { evaluateRequest } from '../permissions/evaluate';
import { impactOfPolicyEdit, PolicyEditImpact } from '../permissions/impact';
import type { AuthorizationPolicyType, DecisionKind, PolicyNode } from '../permissions/model';
import { OrganizationPermissions } from '../permissions/organization';
import { renderDecision, renderImpact, renderSummary } from '../permissions/render';
import { OrganizationSummary, summarizeActionEntry } from '../permissions/summary';
import { catalogVersion } from '../aws/catalog';
import { isPropertyKey, nodeAt, pathInStatement, pathOf, PolicyDocument } from '../policies/document';
import { policyKindInfo } from '../policies/kinds';
import {
  effectivePermissionsRequest, explainDecisionRequest, PermissionsTarget, permissionsTargetsRequest, setContextAccountNotification,
} from '../protocol';
import type { OrganizationService } from './organization';
import { pathOfUri, PolicyFeatures } from './policies';

export const effectivePermissionsCapabilities: ServerCapabilities = { codeLensProvider: {} };

/** The scheme of the organization's policies opened as documents: `aws-organizations:/<POLICY_TYPE>/<name>.json`. */
const policyDocumentScheme = 'aws-organizations:';

/** How many classes of actions (actions every policy treats alike) a hover details. */
const hoverClassLimit = 6;

const authorizationKinds = new Set<string>(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']);

/** The evaluator's view of one model, rebuilt from the model's graph after each change. */
interface Prepared {
  model: OrganizationModel;
  stopListening: () => void;
  stale: boolean;
  permissions?: OrganizationPermissions;
  loading?: Promise<OrganizationPermissions>;
}

/** An SCP or RCP of the organization that a document stands for, and where it is attached. */
interface MatchedPolicy {
  policy: PolicyNode;
  targets: string[];
  governed: number;
}

export class EffectivePermissionsFeature {
  /** Set once the client's initialization options have opened the organization. */
  organization?: OrganizationService;
  private contextAccount?: string;
  private prepared?: Prepared;
  private codeLensRefresh = false;

  constructor(private readonly connection: Connection, private readonly policies: PolicyFeatures) {}

  initialize(params: InitializeParams, organization: OrganizationService): void {
    this.organization = organization;
    this.codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  }

  /** Registers the handlers; call before the connection listens. */
  listen(): void {
    const { connection } = this;
    this.policies.hoverContributions.push((document, offset, uri) => this.hover(document, offset, uri));
    connection.onNotification(setContextAccountNotification, ({ accountId }) => {
      this.contextAccount = accountId ?? undefined;
    });
    connection.onCodeLens(({ textDocument }) => this.codeLenses(textDocument.uri));
    connection.onRequest(permissionsTargetsRequest, async () => targetsOf(await this.permissions()));
    connection.onRequest(explainDecisionRequest, async ({ accountId, action, resource }) => {
      const permissions = await this.permissions();
      if (!permissions.isAccount(accountId)) throw new ResponseError(LSPErrorCodes.RequestFailed, `${accountId} is not an account of this organization.`);
      return { markdown: [`# Why is \`${action}\` ${resource ? `on \`${resource}\` ` : ''}allowed or denied in ${targetLabel(permissions, accountId)}?`, '', await explainForAccount(permissions, action, accountId, resource), '', await footer(permissions)].join('\n') };
    });
    connection.onRequest(effectivePermissionsRequest, async ({ targetId }) => {
      const permissions = await this.permissions();
      const target = permissions.target(targetId);
      if (!target || target.Type === 'ROOT') throw new ResponseError(LSPErrorCodes.RequestFailed, `${targetId} is not an account or OU of this organization.`);
      const markdown = target.Type === 'ACCOUNT' ? await accountReport(permissions, targetId) : await unitReport(permissions, targetId);
      return { markdown: `${markdown}\n\n${await footer(permissions)}` };
    });
  }

  /** The evaluator's organization for the connection in use, rebuilt after the organization changed. */
  private async permissions(): Promise<OrganizationPermissions> {
    if (!this.organization) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The language server is not initialized.');
    return this.organization.run(async (model) => this.prepare(model));
  }

  private prepare(model: OrganizationModel): Promise<OrganizationPermissions> {
    if (this.prepared?.model !== model) {
      // A new connection: forget the previous organization and follow this one's changes.
      this.prepared?.stopListening();
      const prepared: Prepared = {
        model,
        stale: true,
        stopListening: model.onDidChange(() => {
          prepared.stale = true;
          if (this.codeLensRefresh) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
        }),
      };
      this.prepared = prepared;
    }
    const prepared = this.prepared;
    if (prepared.stale || !prepared.loading) {
      prepared.stale = false;
      // Loads run one after the other, so that an older graph never replaces a newer one.
      const previous = prepared.loading;
      prepared.loading = (async () => {
        await previous?.catch(() => undefined);
        const graph = await model.authorizationGraph();
        if (prepared.permissions) prepared.permissions.update(graph);
        else prepared.permissions = new OrganizationPermissions(graph, { rcpSupportedServices: await rcpSupportedServices() });
        return prepared.permissions;
      })();
      // A failed load is tried again by the next question.
      prepared.loading.catch(() => {
        prepared.stale = true;
      });
    }
    return prepared.loading;
  }

  /** The permissions, or nothing when the organization cannot be read (hover and CodeLens then stay quiet). */
  private async permissionsIfReadable(): Promise<OrganizationPermissions | undefined> {
    try {
      return await this.permissions();
    } catch (error) {
      this.connection.console.info(`Effective permissions are unavailable: ${error instanceof Error ? error.message : error}`);
      return undefined;
    }
  }

  private async hover(document: PolicyDocument, offset: number, uri: string): Promise<string | undefined> {
    const node = nodeAt(document, offset);
    if (!node || node.type !== 'string' || !document.kind || policyKindInfo(document.kind).language !== 'iam') return undefined;
    const path = pathOf(node);
    const inStatement = pathInStatement(path);
    const key = isPropertyKey(node);
    const onAction = !key && (inStatement?.[0] === 'Action' || inStatement?.[0] === 'NotAction');
    const onTopLevelKey = key && path.length === 1 && authorizationKinds.has(document.kind);
    if (!onAction && !onTopLevelKey) return undefined;
    const permissions = await this.permissionsIfReadable();
    if (!permissions) return undefined;
    if (onAction) return this.actionHover(permissions, node.value as string);
    const matched = matchPolicy(permissions, document, uri);
    if (!matched) return undefined;
    const lines = [attachmentText(permissions, matched)];
    const impact = await editImpact(permissions, matched, document);
    if (impact) lines.push('', '**Unsaved changes** compared with the deployed policy:', '', renderImpact(impact));
    else if (impact === undefined) lines.push('', '_The document does not parse; fix it to see the impact of the change._');
    return lines.join('\n');
  }

  private async actionHover(permissions: OrganizationPermissions, entry: string): Promise<string> {
    const summary = await summarizeActionEntry(permissions, entry);
    const lines = [`**Effective permissions** of \`${entry}\` over the organization's SCPs and RCPs:`, '', renderSummary(shownClasses(summary), entry)];
    if (summary.classes.length > hoverClassLimit) lines.push('', `… and ${summary.classes.length - hoverClassLimit} more groups of actions.`);
    const account = this.contextAccount;
    if (account && permissions.isAccount(account)) lines.push('', `**In ${targetLabel(permissions, account)}** (context account):`, '', await explainForAccount(permissions, entry, account));
    lines.push('', await footer(permissions));
    return lines.join('\n');
  }

  private async codeLenses(uri: string): Promise<CodeLens[]> {
    const document = this.policies.parsedDocument(uri);
    if (!document?.kind || !authorizationKinds.has(document.kind)) return [];
    const permissions = await this.permissionsIfReadable();
    const matched = permissions && matchPolicy(permissions, document, uri);
    if (!permissions || !matched) return [];
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const lens = (title: string): CodeLens => ({ range, command: { title, command: '' } });
    const lenses = [lens(`${matched.policy.Name}: attached to ${plural(matched.targets.length, 'target')}, governs ${plural(matched.governed, 'account')}`)];
    const impact = await editImpact(permissions, matched, document);
    if (impact) {
      const pairs = impact.changes.reduce((sum, change) => sum + change.accounts.length * change.actions.length, 0);
      lenses.push(lens(`Unsaved change: ${plural(pairs, 'account-action pair')} change access (${impact.gained} gained, ${impact.lost} lost)`));
    }
    return lenses;
  }
}

/** Registers effective permissions on the connection; `initialize` gives it the organization once the client said which. */
export function startEffectivePermissions(connection: Connection, policies: PolicyFeatures): EffectivePermissionsFeature {
  const feature = new EffectivePermissionsFeature(connection, policies);
  feature.listen();
  return feature;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function shownClasses(summary: OrganizationSummary): OrganizationSummary {
  return { ...summary, classes: summary.classes.slice(0, hoverClassLimit) };
}

async function footer(permissions: OrganizationPermissions): Promise<string> {
  return `_${plural(permissions.graph.Accounts.length, 'account')} · SCPs and RCPs only, no identity policies · IAM catalog ${await catalogVersion()}_`;
}

/** `account \`Payments Prod\` (123456789012)` */
function targetLabel(permissions: OrganizationPermissions, id: string): string {
  const target = permissions.target(id);
  const type = target?.Type === 'ACCOUNT' ? 'account' : target?.Type === 'ROOT' ? 'root' : 'OU';
  return `${type} \`${target?.Name ?? id}\` (${id})`;
}

/**
 * The explained chain for one account: for a concrete action its decision; for a wildcard the decision of
 * one action of each group that every policy treats alike (all of a group's actions share it).
 */
async function explainForAccount(permissions: OrganizationPermissions, entry: string, accountId: string, resource?: string): Promise<string> {
  const summary = await summarizeActionEntry(permissions, entry);
  if (!summary.classes.length) return `No action of the IAM catalog matches \`${entry}\`.`;
  const explain = (action: string) => renderDecision(evaluateRequest(permissions, { action, principalAccount: accountId, ...(resource ? { resource } : {}) }));
  if (summary.classes.length === 1 && summary.classes[0].actions.length === 1) return explain(summary.classes[0].actions[0]);
  const sections = summary.classes.slice(0, hoverClassLimit).map((actionClass) => {
    const others = actionClass.actions.length - 1;
    return `${explain(actionClass.actions[0])}${others ? `\n\n_The same for ${plural(others, 'other action')} of \`${entry}\`._` : ''}`;
  });
  if (summary.classes.length > hoverClassLimit) sections.push(`… and ${summary.classes.length - hoverClassLimit} more groups of actions.`);
  return sections.join('\n\n');
}

/** The accounts and OUs, parents first, with the OU names above each. */
function targetsOf(permissions: OrganizationPermissions): PermissionsTarget[] {
  const { graph } = permissions;
  return [...graph.OrganizationalUnits, ...graph.Accounts].map((node) => ({
    Id: node.Id,
    Name: node.Name,
    Type: permissions.isAccount(node.Id) ? 'ACCOUNT' : 'ORGANIZATIONAL_UNIT',
    Path: permissions.path(node.Id).slice(1, -1).map((target) => target.Name).join(' / '),
  }));
}

/**
 * The organization's SCP or RCP a document stands for: a document of the policy-documents scheme names
 * its type and name; a file is matched by its name (`RegionRestriction.scp.json`) to a policy of its kind.
 */
function matchPolicy(permissions: OrganizationPermissions, document: PolicyDocument, uri: string): MatchedPolicy | undefined {
  let type: string | undefined = document.kind;
  let name: string;
  if (uri.startsWith(policyDocumentScheme)) {
    const match = /^\/?([A-Z_]+)\/(.+)\.json$/.exec(pathOfUri(uri));
    if (!match) return undefined;
    [, type, name] = match;
  } else {
    name = path.basename(pathOfUri(uri)).replace(/\.json$/i, '');
    const suffix = document.kind && `.${policyKindInfo(document.kind).suffix}`;
    if (suffix && name.toLowerCase().endsWith(suffix)) name = name.slice(0, -suffix.length);
  }
  const policy = permissions.graph.Policies.find((candidate) => candidate.Type === type && candidate.Name === name);
  if (!policy) return undefined;
  const targets = permissions.graph.Attachments.filter((attachment) => attachment.PolicyId === policy.Id).map((attachment) => attachment.TargetId);
  const attachedTo = new Set(targets);
  const governed = permissions.graph.Accounts.filter((account) => account.Id !== permissions.graph.ManagementAccountId
    && permissions.path(account.Id).some((target) => attachedTo.has(target.Id))).length;
  return { policy, targets, governed };
}

function attachmentText(permissions: OrganizationPermissions, matched: MatchedPolicy): string {
  const { policy, targets, governed } = matched;
  const type = policy.Type === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP';
  const where = targets.length ? `attached to ${targets.map((id) => targetLabel(permissions, id)).join(', ')}` : 'not attached anywhere';
  const enabled = permissions.graph.EnabledPolicyTypes.includes(policy.Type as AuthorizationPolicyType) ? '' : ` ${type}s are not enabled on the root, so it has no effect.`;
  return `**${type} \`${policy.Name}\`** (${policy.Id}) is ${where}. It governs ${plural(governed, 'account')} (the management account is never affected).${enabled}`;
}

/**
 * The impact of the document's text against the deployed content: `null` when they are the same,
 * `undefined` when the text does not parse.
 */
async function editImpact(permissions: OrganizationPermissions, matched: MatchedPolicy, document: PolicyDocument): Promise<PolicyEditImpact | null | undefined> {
  if (!document.root || document.syntaxErrors.length) return undefined;
  const edited: unknown = getNodeValue(document.root);
  if (JSON.stringify(edited) === JSON.stringify(matched.policy.Content)) return null;
  return impactOfPolicyEdit(permissions, matched.policy.Id, edited);
}

const decisionColumns: [DecisionKind, string][] = [['allowed', 'Allowed'], ['explicitDeny', 'Explicitly denied'], ['implicitDeny', 'Not allowed'], ['depends', 'Depends']];

/** One account: per service and access level, how many actions each decision has, and which are denied where some are allowed. */
async function accountReport(permissions: OrganizationPermissions, accountId: string): Promise<string> {
  const groups = await accountEffectivePermissions(permissions, accountId);
  const lines = [`# Effective permissions of ${targetLabel(permissions, accountId)}`, '', `Path: ${permissions.path(accountId).map((target) => `\`${target.Name}\``).join(' → ')}`, ''];
  if (accountId === permissions.graph.ManagementAccountId) lines.push('The management account is not affected by SCPs or RCPs.', '');
  lines.push('_Depends_ counts actions whose answer hinges on the request (a condition key, the resource): run "Why is this denied?" for one of them to see on what.', '');
  for (const [service, serviceGroups] of byService(groups)) {
    lines.push(`## ${service}`, '', `| Access level | ${decisionColumns.map(([, title]) => title).join(' | ')} |`, `|---|${decisionColumns.map(() => '---:').join('|')}|`);
    for (const group of serviceGroups) lines.push(`| ${group.accessLevel} | ${decisionColumns.map(([decision]) => group.actions[decision].length).join(' | ')} |`);
    // Name the denied actions of a level where only some are denied; a level denied whole is said by its counts.
    for (const group of serviceGroups) {
      const denied = [...group.actions.explicitDeny, ...group.actions.implicitDeny];
      if (!denied.length || denied.length === total(group)) continue;
      lines.push('', `Denied (${group.accessLevel}): ${denied.slice(0, 20).map((action) => `\`${action}\``).join(', ')}${denied.length > 20 ? `, … and ${denied.length - 20} more` : ''}`);
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

/** Every account under an OU: per service and access level, how many actions every, some or none of them may perform. */
async function unitReport(permissions: OrganizationPermissions, unitId: string): Promise<string> {
  const accounts: string[] = [];
  const visit = (id: string) => {
    for (const child of permissions.childrenOf(id)) {
      if (permissions.isAccount(child)) accounts.push(child);
      else visit(child);
    }
  };
  visit(unitId);
  const lines = [`# Effective permissions under ${targetLabel(permissions, unitId)}`, '', `${plural(accounts.length, 'account')} in this OU and the OUs below it.`, ''];
  if (!accounts.length) return lines.join('\n').trimEnd();
  // Per service and access level, how many accounts may perform each action.
  const counts = new Map<string, { service: string; accessLevel: string; allowedIn: Map<string, number> }>();
  for (const accountId of accounts) {
    for (const group of await accountEffectivePermissions(permissions, accountId)) {
      const key = `${group.service} ${group.accessLevel}`;
      let entry = counts.get(key);
      if (!entry) counts.set(key, (entry = { service: group.service, accessLevel: group.accessLevel, allowedIn: new Map() }));
      for (const actions of Object.values(group.actions)) for (const action of actions) if (!entry.allowedIn.has(action)) entry.allowedIn.set(action, 0);
      for (const action of group.actions.allowed) entry.allowedIn.set(action, entry.allowedIn.get(action)! + 1);
    }
  }
  for (const [service, entries] of byService(counts.values())) {
    lines.push(`## ${service}`, '', '| Access level | Allowed in every account | In some | In none |', '|---|---:|---:|---:|');
    for (const entry of entries) {
      const values = [...entry.allowedIn.values()];
      lines.push(`| ${entry.accessLevel} | ${values.filter((count) => count === accounts.length).length} | ${values.filter((count) => count > 0 && count < accounts.length).length} | ${values.filter((count) => count === 0).length} |`);
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

function total(group: ServiceAccess): number {
  return Object.values(group.actions).reduce((sum, actions) => sum + actions.length, 0);
}

/** Groups by service prefix, services in alphabetical order. */
function byService<T extends { service: string }>(groups: Iterable<T>): [string, T[]][] {
  const services = new Map<string, T[]>();
  for (const group of groups) services.set(group.service, [...(services.get(group.service) ?? []), group]);
  return [...services].sort(([a], [b]) => a.localeCompare(b));
}
