/**
 * The organization side of the language server: answers the custom protocol of `../protocol` from one
 * connection and its model, switches connections on request (cancelling the old one's calls and clearing
 * every cache), and forwards the model's changes and the connection's state to the client.
 */
import { Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { CallCancelledError, isNetworkError, UnreadableAnswerError } from '../organizations/calls';
import { OrganizationConnection, type ConnectionEnvironment } from '../organizations/connection';
import type { EmbeddedControl } from '../organizations/embedded';
import type { OrganizationModel } from '../organizations/model';
import { listProfiles } from '../organizations/profiles';
import {
  ancestorsRequest, childrenRequest, connectionChangedNotification, connectionRequest, connectRequest, exportEmbeddedRequest,
  exposeEndpointRequest, findRequest, handshakesRequest, importEmbeddedRequest, mfaCodeRequest, mutationRequest, nodeRequest,
  organizationChangedNotification, policiesForTargetRequest, policiesRequest, policyTypesRequest, profilesRequest, refreshRequest,
  resetEmbeddedRequest, rootsRequest, tagsRequest, targetsForPolicyRequest, trustedServicesRequest,
  type ConnectionSpec, type Mutations, type OrganizationInitializationOptions, type OrganizationsErrorData,
} from '../protocol';

/** Every operation the client may run through `mutationRequest`; the type makes the list complete. */
const mutations: Record<keyof Mutations, true> = {
  AcceptHandshake: true, AttachPolicy: true, CancelHandshake: true, CloseAccount: true, CreateAccount: true, CreateOrganization: true,
  CreateOrganizationalUnit: true, CreatePolicy: true, DeclineHandshake: true, DeleteOrganization: true, DeleteOrganizationalUnit: true,
  DeletePolicy: true, DeregisterDelegatedAdministrator: true, DescribeCreateAccountStatus: true, DescribeEffectivePolicy: true,
  DescribePolicy: true, DetachPolicy: true, DisableAWSServiceAccess: true, DisablePolicyType: true, EnableAWSServiceAccess: true,
  EnableAllFeatures: true, EnablePolicyType: true, InviteAccountToOrganization: true, LeaveOrganization: true, MoveAccount: true,
  RegisterDelegatedAdministrator: true, RemoveAccountFromOrganization: true, TagResource: true, UntagResource: true,
  UpdateOrganizationalUnit: true, UpdatePolicy: true,
};

/** Work on the active connection: its cached model, and the connection itself for what lies beside the model (billing). */
type Task<T> = (model: OrganizationModel, connection: OrganizationConnection) => Promise<T>;

/** The organization's connection, owned by the language server. */
export class OrganizationService {
  private current?: Promise<OrganizationConnection>;
  private generation = 0;

  constructor(private readonly connection: Connection, private readonly options: OrganizationInitializationOptions, private readonly environment: ConnectionEnvironment) {}

  /** The connection in use, opening the first one (the user's last choice, or the embedded organization) on demand. */
  active(): Promise<OrganizationConnection> {
    this.current ??= this.open(this.options.connection ?? { kind: 'embedded' }, 'connection');
    return this.current;
  }

  /** Switches connection: the old one's calls are cancelled, every cache dropped, and the client redraws everything. */
  async connect(spec: ConnectionSpec): Promise<OrganizationConnection> {
    this.current = this.open(spec, 'connection', this.current);
    return this.current;
  }

  /**
   * Runs a read or a mutation on the model (or the connection itself); AWS's errors become `OrganizationsErrorData`.
   * `attempted` says what the request does (`load the OUs and accounts in r-abcd`), for a failure the user must understand.
   */
  async run<T>(task: Task<T>, attempted?: string): Promise<T> {
    const connection = await this.active();
    try {
      return await task(connection.model, connection);
    } catch (error) {
      // The window that owned the embedded state has gone: take it over (or find its successor) and try once more.
      if (connection.isGuest && isNetworkError(error)) return this.retryAfterTakeover(connection, task, error, attempted);
      connection.recordFailure(error);
      throw toResponseError(error, attempted);
    }
  }

  async dispose(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await (await current?.catch(() => undefined))?.close();
  }

  private async retryAfterTakeover<T>(stale: OrganizationConnection, task: Task<T>, error: unknown, attempted: string | undefined): Promise<T> {
    if ((await this.current) === stale) this.current = this.open(stale.spec, 'connection', Promise.resolve(stale));
    const connection = await this.active();
    if (connection === stale) throw toResponseError(error, attempted);
    try {
      return await task(connection.model, connection);
    } catch (retryError) {
      connection.recordFailure(retryError);
      throw toResponseError(retryError, attempted);
    }
  }

  private async open(spec: ConnectionSpec, cause: 'connection', previous?: Promise<OrganizationConnection>): Promise<OrganizationConnection> {
    const generation = ++this.generation;
    await (await previous?.catch(() => undefined))?.close();
    const opened = await OrganizationConnection.open(spec, {
      ...this.environment,
      // A new embedded organization starts as the sample, so that the tree has something to show offline.
      embedded: { initialSeed: 'sample', ...this.environment.embedded, statePath: this.options.embeddedStatePath },
    });
    if (opened.embedded && this.options.embeddedPort !== undefined) {
      await opened.expose(this.options.embeddedPort).catch((error: Error) => this.connection.console.warn(`Could not serve the embedded organization on port ${this.options.embeddedPort}: ${error.message}`));
    }
    // When the window that served the embedded organization goes away, take its state file over (or follow its successor).
    opened.onOwnerLost(() => {
      if (generation === this.generation) this.current = this.open(spec, cause, Promise.resolve(opened));
    });
    opened.onDidChangeState((info) => generation === this.generation && void this.connection.sendNotification(connectionChangedNotification, info));
    opened.model.onDidChange(({ ids, scopes, cause: changeCause }) => {
      if (generation === this.generation) void this.connection.sendNotification(organizationChangedNotification, { ...(ids ? { ids } : {}), scopes, cause: changeCause });
    });
    void this.connection.sendNotification(connectionChangedNotification, opened.info);
    void this.connection.sendNotification(organizationChangedNotification, { cause, scopes: ['organization', 'hierarchy', 'policies', 'handshakes', 'trustedServices'] });
    return opened;
  }
}

/**
 * An error as the client sees it: AWS's exception name, reason and message in `data`; for an answer outside AWS's
 * protocol, a message that also says what could not be shown and that the rest stays usable.
 */
function toResponseError(error: unknown, attempted?: string): ResponseError<OrganizationsErrorData> {
  const failure = error instanceof Error ? error : new Error(String(error));
  // A call of a connection that was switched away from: the client asked for something that no longer applies.
  if (failure instanceof CallCancelledError) return new ResponseError(LSPErrorCodes.RequestCancelled, failure.message, { name: failure.name, message: failure.message });
  if (failure instanceof UnreadableAnswerError) {
    const message = `${attempted ? `Could not ${attempted}: ` : ''}${failure.message.replace(/^The/, attempted ? 'the' : 'The')} The endpoint may not be an `
      + 'AWS Organizations endpoint, or a proxy answered for it; the rest of the organization stays usable.';
    return new ResponseError(LSPErrorCodes.RequestFailed, message, { name: failure.name, message });
  }
  const reason = (failure as { Reason?: string }).Reason;
  const data: OrganizationsErrorData = { name: failure.name, message: failure.message, ...(reason ? { reason } : {}) };
  return new ResponseError(LSPErrorCodes.RequestFailed, failure.message, data);
}

/** Registers the organization's requests on the connection; `options` are the client's `initializationOptions`. */
export function startOrganization(connection: Connection, options: OrganizationInitializationOptions = {}): OrganizationService {
  const service = new OrganizationService(connection, options, {
    mfaCode: (serialNumber, profile) => connection.sendRequest(mfaCodeRequest, { serialNumber, profile }).then((code) => code ?? undefined),
    calls: {
      onRequest: (operation) => connection.console.debug(`AWS Organizations ${operation}`),
      onRetry: (operation, attempt, error, delayMs) => connection.console.info(`${operation}: attempt ${attempt} failed (${error.name}); retrying in ${delayMs} ms`),
    },
  });
  /** The embedded organization's reset, export and import, in this window or through the window that holds it. */
  const embedded = async () => {
    const control = (await service.active()).embeddedControl;
    if (!control) throw new ResponseError(LSPErrorCodes.RequestFailed, 'The connection in use is not the embedded organization: switch to it (AWS Organizations: Switch Connection...) to reset, export or import it.');
    return control;
  };

  connection.onRequest(connectionRequest, async () => (await service.active()).info);
  connection.onRequest(connectRequest, async (spec) => (await service.connect(spec)).info);
  connection.onRequest(profilesRequest, () => listProfiles());
  connection.onRequest(exposeEndpointRequest, async ({ port, host }) => {
    try {
      return await (await service.active()).expose(port, host);
    } catch (error) {
      throw toResponseError(error);
    }
  });

  connection.onRequest(rootsRequest, () => service.run((model) => model.listRoots(), 'load the roots of the organization'));
  connection.onRequest(childrenRequest, ({ parentId, nextToken, pageSize }) => service.run((model) => model.childrenPage(parentId, nextToken, pageSize), `load the OUs and accounts in ${parentId}`));
  connection.onRequest(nodeRequest, ({ id }) => service.run((model) => model.node(id), `load ${id}`));
  connection.onRequest(tagsRequest, ({ resourceId }) => service.run((model) => model.tags(resourceId), `load the tags of ${resourceId}`));
  connection.onRequest(ancestorsRequest, ({ id }) => service.run((model) => model.ancestors(id), `load the parents of ${id}`));
  connection.onRequest(policiesForTargetRequest, ({ targetId }) => service.run((model) => model.policiesForTarget(targetId), `load the policies of ${targetId}`));
  connection.onRequest(policyTypesRequest, () => service.run((model) => model.policyTypes(), 'load the policy types'));
  connection.onRequest(policiesRequest, ({ type }) => service.run((model) => model.policies(type), `load the ${type} policies`));
  connection.onRequest(targetsForPolicyRequest, ({ policyId }) => service.run((model) => model.targetsForPolicy(policyId), `load the targets of ${policyId}`));
  connection.onRequest(handshakesRequest, () => service.run((model) => model.handshakes(), 'load the invitations'));
  connection.onRequest(trustedServicesRequest, () => service.run((model) => model.trustedServices(), 'load the trusted services'));
  connection.onRequest(findRequest, ({ query, limit }) => service.run((model) => model.find(query, limit), 'search the organization'));
  connection.onRequest(refreshRequest, ({ id }) => service.run(async (model) => model.refresh(id)));
  for (const operation of Object.keys(mutations) as (keyof Mutations)[]) {
    connection.onRequest(mutationRequest(operation), (input) => service.run((model) => model.mutate(operation, input), `run ${operation}`));
  }

  const embeddedRequest = <T>(task: (control: EmbeddedControl) => Promise<T>) => async () => {
    try {
      return await task(await embedded());
    } catch (error) {
      throw error instanceof ResponseError ? error : toResponseError(error);
    }
  };
  connection.onRequest(resetEmbeddedRequest, ({ seed }) => embeddedRequest((control) => control.reset(seed))());
  connection.onRequest(exportEmbeddedRequest, embeddedRequest((control) => control.exportState()));
  connection.onRequest(importEmbeddedRequest, ({ state }) => embeddedRequest((control) => control.importState(state))());
  return service;
}
