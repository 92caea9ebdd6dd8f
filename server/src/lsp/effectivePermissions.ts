/**
 * Effective permissions in the editor: the organization's SCP/RCP graph prepared once per version of the
 * organization (rebuilt when the model changes), a hover section on actions and wildcards (the context account's
 * verdict first, then the member accounts by verdict and by name, with a link that lists them all), a hover and
 * CodeLens on an SCP or RCP document (where it is attached, how many accounts it governs, what the unsaved text
 * changes, or "Preview Attachment..." for a document that is not a policy of the organization), and the requests
 * behind the report view: "Why is this denied?", "Show effective permissions" and the verdict in every account.
 * In an SCP or RCP document every answer evaluates the document as it is now (permissions/whatIf.ts).
 */
import * as path from 'node:path';
import { getNodeValue } from 'jsonc-parser';
import {
  CodeLens, CodeLensRefreshRequest, Connection, ErrorCodes, InitializeParams, LSPErrorCodes, ResponseError, ServerCapabilities,
} from 'vscode-languageserver';
import { catalogService, catalogServiceName, catalogVersion, servicePrefixes } from '../aws/catalog';
import type { OrganizationModel } from '../organizations/model';
import { rcpSupportedServices } from '../permissions/actionCatalog';
import { assumedRequest, Assumption, assumptionById, assumptionsFor } from '../permissions/assumptions';
import { accountEffectivePermissions, AnswerTally, explainEntry, unitEffectivePermissions } from '../permissions/effectivePermissions';
import { serviceOf } from '../permissions/evaluate';
import { attachedPolicy, AttachedPolicy, impactOfChange, PolicyEditImpact, policyReach } from '../permissions/impact';
import type { AuthorizationPolicyType } from '../permissions/model';
import { OrganizationPermissions } from '../permissions/organization';
import {
  previewAttachmentTitle, renderActionHover, renderAttachmentHover, renderAttachmentLens, renderImpactLens, renderPreviewHover, renderPreviewLens,
} from '../permissions/render';
import { accountReport, actionAccessReport, unitReport, whyDeniedReport } from '../permissions/reports';
import { summarizeActionEntry } from '../permissions/summary';
import { EvaluatedVersion, whatIf, WhatIf } from '../permissions/whatIf';
import { isPropertyKey, nodeAt, pathInStatement, pathOf, PolicyDocument } from '../policies/document';
import { policyKindInfo } from '../policies/kinds';
import {
  actionAccessRequest, catalogEntriesRequest, effectivePermissionsRequest, explainDecisionRequest, parsePolicyDocumentPath, PermissionsTarget,
  permissionsTargetsRequest, policyDocumentScheme, previewAttachmentCommand, setContextAccountNotification, setPreviewAttachmentNotification,
  showActionAccessCommand,
} from '../protocol';
import type { OrganizationService } from './organization';
import { principalsHover } from './principalPermissions';
import { pathOfUri, PolicyFeatures } from './policies';

export const effectivePermissionsCapabilities: ServerCapabilities = { codeLensProvider: {} };

/** How many classes of actions (actions every policy treats alike) a hover details. */
const hoverClassLimit = 6;
/** How many "Why is this denied?" explains. */
const reportClassLimit = 20;

const authorizationKinds = new Set<string>(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']);

/** The evaluator's view of one model, rebuilt from the model's graph after each change. */
interface Prepared {
  model: OrganizationModel;
  stopListening: () => void;
  stale: boolean;
  permissions?: OrganizationPermissions;
  loading?: Promise<OrganizationPermissions>;
}

/** An SCP or RCP document evaluated: the organization with it, and the deployed policy it stands for, if any. */
interface Evaluated extends WhatIf {
  deployed?: AttachedPolicy;
}

export class EffectivePermissionsFeature {
  /** Set once the client's initialization options have opened the organization. */
  organization?: OrganizationService;
  private contextAccount?: string;
  /** Where each SCP or RCP document that is not a policy of the organization is previewed, by uri. */
  private readonly previews = new Map<string, string>();
  /** The last evaluation of each document version, valid while the organization's graph and the preview are the same. */
  private readonly evaluations = new WeakMap<PolicyDocument, { graph: unknown; preview?: string; evaluated: Evaluated }>();
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
    connection.onNotification(setPreviewAttachmentNotification, ({ uri, targetId }) => {
      if (targetId) this.previews.set(uri, targetId);
      else this.previews.delete(uri);
      this.refreshCodeLenses();
    });
    connection.onCodeLens(({ textDocument }) => this.codeLenses(textDocument.uri));
    connection.onRequest(permissionsTargetsRequest, async () => targetsOf(await this.permissions()));
    connection.onRequest(explainDecisionRequest, async ({ accountId, action, resource, assumptions }) => {
      const permissions = await this.permissions();
      if (!permissions.isAccount(accountId)) throw new ResponseError(LSPErrorCodes.RequestFailed, `${accountId} is not an account of this organization.`);
      const applied = chosenAssumptions(assumptions);
      const explanation = await explainEntry(permissions, action, accountId, resource, reportClassLimit, assumedRequest(applied, accountId));
      const tally = new AnswerTally();
      for (const { decision } of explanation.decisions) tally.add(accountId, { action: decision.request.action, service: serviceOf(decision.request.action), decision });
      return whyDeniedReport(permissions, explanation, resource, { applied, offered: assumptionsFor(tally.byKey()) }, await catalogVersion());
    });
    connection.onRequest(effectivePermissionsRequest, async ({ targetId, assumptions }) => {
      const permissions = await this.permissions();
      const target = permissions.target(targetId);
      if (!target || target.Type === 'ROOT') throw new ResponseError(LSPErrorCodes.RequestFailed, `${targetId} is not an account or OU of this organization.`);
      const applied = chosenAssumptions(assumptions);
      if (target.Type === 'ACCOUNT') {
        const answers = await accountEffectivePermissions(permissions, targetId, assumedRequest(applied, targetId));
        const tally = new AnswerTally();
        for (const answer of answers) tally.add(targetId, answer);
        return accountReport(permissions, targetId, answers, tally, { applied, offered: assumptionsFor(tally.byKey()) }, await catalogVersion());
      }
      const unit = await unitEffectivePermissions(permissions, targetId, (accountId) => assumedRequest(applied, accountId));
      return unitReport(permissions, targetId, unit, { applied, offered: assumptionsFor(unit.tally.byKey()) }, await catalogVersion());
    });
    connection.onRequest(actionAccessRequest, async ({ action, uri }) => {
      const permissions = await this.permissions();
      const document = uri === undefined ? undefined : this.policies.parsedDocument(uri);
      const { organization, version } = document && uri ? this.evaluate(permissions, document, uri) : { organization: permissions, version: { kind: 'deployed' } as EvaluatedVersion };
      return actionAccessReport(organization, action, await summarizeActionEntry(organization, action), version, await catalogVersion());
    });
    connection.onRequest(catalogEntriesRequest, async ({ service }) => {
      if (service === undefined) return Promise.all((await servicePrefixes()).map(async (prefix) => ({ name: prefix, detail: await catalogServiceName(prefix), description: '' })));
      const found = await catalogService(service);
      return (found?.actions ?? []).map((action) => ({ name: `${found!.prefix}:${action.name}`, detail: action.accessLevel, description: action.description }));
    });
  }

  /** The evaluator's organization for the connection in use, rebuilt after the organization changed. */
  async permissions(): Promise<OrganizationPermissions> {
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
          this.refreshCodeLenses();
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

  private refreshCodeLenses(): void {
    if (this.codeLensRefresh) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
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

  /**
   * The organization an SCP or RCP document's answers evaluate (the document as it is now, in place of the policy it
   * stands for or where it is previewed), computed once per version of the document, of the organization and of the
   * preview; the organization as deployed for any other document.
   */
  private evaluate(permissions: OrganizationPermissions, document: PolicyDocument, uri: string): Evaluated {
    if (!document.kind || !authorizationKinds.has(document.kind)) return { organization: permissions, version: { kind: 'deployed' } };
    const preview = this.previews.get(uri);
    const known = this.evaluations.get(document);
    if (known && known.graph === permissions.graph && known.preview === preview) return known.evaluated;
    const deployed = matchPolicy(permissions, document, uri);
    const content = document.root && !document.syntaxErrors.length ? getNodeValue(document.root) as unknown : undefined;
    const draft = { type: document.kind as AuthorizationPolicyType, name: deployed?.policy.Name ?? documentName(document, uri), content };
    const evaluated: Evaluated = { ...whatIf(permissions, draft, deployed?.policy, preview), ...(deployed ? { deployed } : {}) };
    this.evaluations.set(document, { graph: permissions.graph, preview, evaluated });
    return evaluated;
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
    const evaluated = this.evaluate(permissions, document, uri);
    if (onAction) return this.actionHover(evaluated, node.value as string, uri);
    const impact = await this.impact(permissions, evaluated);
    if (evaluated.deployed) return renderAttachmentHover(permissions, evaluated.deployed, evaluated.version.kind === 'deployedPolicy' && evaluated.version.unparsable ? undefined : impact);
    return renderPreviewHover(evaluated.organization, evaluated.version, impact);
  }

  private async actionHover({ organization, version }: Evaluated, entry: string, uri: string): Promise<string> {
    const summary = await summarizeActionEntry(organization, entry);
    const account = this.contextAccount;
    const inContextAccount = account && organization.isAccount(account) ? await explainEntry(organization, entry, account, undefined, hoverClassLimit) : undefined;
    const listed = version.kind === 'deployed' ? { action: entry } : { action: entry, uri };
    const listAll = `command:${showActionAccessCommand}?${encodeURIComponent(JSON.stringify([listed]))}`;
    const hover = renderActionHover(organization, { entry, summary, limit: hoverClassLimit, inContextAccount, version, listAll, catalogVersion: await catalogVersion() });
    const principals = inContextAccount && this.organization ? `\n\n---\n\n${await principalsHover(this.organization, organization, entry, account!)}` : '';
    return hover + principals;
  }

  /** What the evaluated document changes against the organization as deployed; `null` when it changes nothing. */
  private async impact(permissions: OrganizationPermissions, { organization, version }: Evaluated): Promise<PolicyEditImpact | null> {
    if (version.kind === 'replacing') return impactOfChange(permissions, organization, version.policy.Id, [version.policy.Content, version.content]);
    if (version.kind === 'previewed') return impactOfChange(permissions, organization, version.policy.Id, [version.policy.Content]);
    return null;
  }

  private async codeLenses(uri: string): Promise<CodeLens[]> {
    const document = this.policies.parsedDocument(uri);
    if (!document?.kind || !authorizationKinds.has(document.kind)) return [];
    const permissions = await this.permissionsIfReadable();
    if (!permissions) return [];
    const evaluated = this.evaluate(permissions, document, uri);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const lens = (title: string, command = ''): CodeLens => ({ range, command: { title, command, ...(command ? { arguments: [{ uri }] } : {}) } });
    const lenses: CodeLens[] = [];
    if (evaluated.deployed) lenses.push(lens(renderAttachmentLens(evaluated.deployed)));
    else if (evaluated.version.kind === 'previewed') lenses.push(lens(renderPreviewLens(evaluated.organization, policyReach(evaluated.organization, evaluated.version.policy)), previewAttachmentCommand));
    else lenses.push(lens(previewAttachmentTitle, previewAttachmentCommand));
    const impact = await this.impact(permissions, evaluated);
    if (impact) lenses.push(lens(renderImpactLens(impact)));
    return lenses;
  }
}

/** Registers effective permissions on the connection; `initialize` gives it the organization once the client said which. */
export function startEffectivePermissions(connection: Connection, policies: PolicyFeatures): EffectivePermissionsFeature {
  const feature = new EffectivePermissionsFeature(connection, policies);
  feature.listen();
  return feature;
}

/** The assumptions a report view asked for, by id; ids this version does not know are left out. */
function chosenAssumptions(ids: readonly string[] | undefined): Assumption[] {
  return (ids ?? []).map(assumptionById).filter((assumption): assumption is Assumption => assumption !== undefined);
}

/** The root, then the OUs and accounts, parents first, with the OU names above each. */
function targetsOf(permissions: OrganizationPermissions): PermissionsTarget[] {
  const { graph } = permissions;
  const root: PermissionsTarget = { Id: graph.RootId, Name: permissions.target(graph.RootId)?.Name ?? 'Root', Type: 'ROOT', Path: '' };
  return [root, ...[...graph.OrganizationalUnits, ...graph.Accounts].map((node) => ({
    Id: node.Id,
    Name: node.Name,
    Type: permissions.isAccount(node.Id) ? 'ACCOUNT' as const : 'ORGANIZATIONAL_UNIT' as const,
    Path: permissions.path(node.Id).slice(1, -1).map((target) => target.Name).join(' / '),
  }))];
}

/** The name a policy file goes by: `RegionRestriction` for `RegionRestriction.scp.json`. */
function documentName(document: PolicyDocument, uri: string): string {
  let name = path.basename(pathOfUri(uri)).replace(/\.json$/i, '');
  const suffix = document.kind && `.${policyKindInfo(document.kind).suffix}`;
  if (suffix && name.toLowerCase().endsWith(suffix)) name = name.slice(0, -suffix.length);
  return name;
}

/**
 * The organization's SCP or RCP a document stands for: a document of the policy-documents scheme names
 * its type and name; a file is matched by its name (`RegionRestriction.scp.json`) to a policy of its kind.
 */
function matchPolicy(permissions: OrganizationPermissions, document: PolicyDocument, uri: string): AttachedPolicy | undefined {
  if (uri.startsWith(`${policyDocumentScheme}:`)) {
    const named = parsePolicyDocumentPath(pathOfUri(uri));
    return named && attachedPolicy(permissions, named.type, named.name);
  }
  return document.kind ? attachedPolicy(permissions, document.kind, documentName(document, uri)) : undefined;
}
