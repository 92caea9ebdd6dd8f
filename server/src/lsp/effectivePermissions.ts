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
import { catalogVersion } from '../aws/catalog';
import type { OrganizationModel } from '../organizations/model';
import { rcpSupportedServices } from '../permissions/actionCatalog';
import { accountEffectivePermissions, explainEntry, unitEffectivePermissions } from '../permissions/effectivePermissions';
import { impactOfPolicyEdit, AttachedPolicy, attachedPolicy, PolicyEditImpact } from '../permissions/impact';
import { OrganizationPermissions } from '../permissions/organization';
import {
  renderAccountReport, renderActionHover, renderAttachmentHover, renderAttachmentLens, renderFooter, renderImpactLens, renderUnitReport,
  renderWhyDenied,
} from '../permissions/render';
import { summarizeActionEntry } from '../permissions/summary';
import { isPropertyKey, nodeAt, pathInStatement, pathOf, PolicyDocument } from '../policies/document';
import { policyKindInfo } from '../policies/kinds';
import {
  effectivePermissionsRequest, explainDecisionRequest, parsePolicyDocumentPath, PermissionsTarget, permissionsTargetsRequest, policyDocumentScheme,
  setContextAccountNotification,
} from '../protocol';
import type { OrganizationService } from './organization';
import { principalsHover } from './principalPermissions';
import { pathOfUri, PolicyFeatures } from './policies';

export const effectivePermissionsCapabilities: ServerCapabilities = { codeLensProvider: {} };

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
      const explanation = await explainEntry(permissions, action, accountId, resource, hoverClassLimit);
      return { markdown: renderWhyDenied(permissions, explanation, resource, await catalogVersion()) };
    });
    connection.onRequest(effectivePermissionsRequest, async ({ targetId }) => {
      const permissions = await this.permissions();
      const target = permissions.target(targetId);
      if (!target || target.Type === 'ROOT') throw new ResponseError(LSPErrorCodes.RequestFailed, `${targetId} is not an account or OU of this organization.`);
      const markdown = target.Type === 'ACCOUNT'
        ? renderAccountReport(permissions, targetId, await accountEffectivePermissions(permissions, targetId))
        : renderUnitReport(permissions, targetId, await unitEffectivePermissions(permissions, targetId));
      return { markdown: `${markdown}\n\n${renderFooter(permissions, await catalogVersion())}` };
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
    return renderAttachmentHover(permissions, matched, await editImpact(permissions, matched, document));
  }

  private async actionHover(permissions: OrganizationPermissions, entry: string): Promise<string> {
    const summary = await summarizeActionEntry(permissions, entry);
    const account = this.contextAccount;
    const inContextAccount = account && permissions.isAccount(account) ? await explainEntry(permissions, entry, account, undefined, hoverClassLimit) : undefined;
    const hover = renderActionHover(permissions, entry, summary, hoverClassLimit, inContextAccount, await catalogVersion());
    return inContextAccount && this.organization ? `${hover}\n\n---\n\n${await principalsHover(this.organization, permissions, entry, account!)}` : hover;
  }

  private async codeLenses(uri: string): Promise<CodeLens[]> {
    const document = this.policies.parsedDocument(uri);
    if (!document?.kind || !authorizationKinds.has(document.kind)) return [];
    const permissions = await this.permissionsIfReadable();
    const matched = permissions && matchPolicy(permissions, document, uri);
    if (!permissions || !matched) return [];
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const lens = (title: string): CodeLens => ({ range, command: { title, command: '' } });
    const lenses = [lens(renderAttachmentLens(matched))];
    const impact = await editImpact(permissions, matched, document);
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
function matchPolicy(permissions: OrganizationPermissions, document: PolicyDocument, uri: string): AttachedPolicy | undefined {
  if (uri.startsWith(`${policyDocumentScheme}:`)) {
    const named = parsePolicyDocumentPath(pathOfUri(uri));
    return named && attachedPolicy(permissions, named.type, named.name);
  }
  let name = path.basename(pathOfUri(uri)).replace(/\.json$/i, '');
  const suffix = document.kind && `.${policyKindInfo(document.kind).suffix}`;
  if (suffix && name.toLowerCase().endsWith(suffix)) name = name.slice(0, -suffix.length);
  return document.kind && attachedPolicy(permissions, document.kind, name);
}

/**
 * The impact of the document's text against the deployed content: `null` when they are the same,
 * `undefined` when the text does not parse.
 */
async function editImpact(permissions: OrganizationPermissions, matched: AttachedPolicy, document: PolicyDocument): Promise<PolicyEditImpact | null | undefined> {
  if (!document.root || document.syntaxErrors.length) return undefined;
  const edited: unknown = getNodeValue(document.root);
  if (JSON.stringify(edited) === JSON.stringify(matched.policy.Content)) return null;
  return impactOfPolicyEdit(permissions, matched.policy.Id, edited);
}
