/**
 * One connection to one organization: the embedded one, a profile of the user's AWS files, or any endpoint
 * with explicit keys. Each is an `OrganizationsClient` of the AWS SDK (one code path to every backend)
 * with its own calls, model and state; closing a connection cancels everything it had in flight.
 */
import { OrganizationsClient, type OrganizationsClientConfig } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ConnectionInfo, ConnectionSpec, ConnectionState } from '../protocol';
import { endpointEnvironment } from '../endpoint/environment';
import { OrganizationsCalls, type CallsOptions } from './calls';
import { openEmbedded, type EmbeddedControl, type EmbeddedGuest, type EmbeddedOptions, type EmbeddedOwner, type EndpointChange } from './embedded';
import { OrganizationModel } from './model';
import { PendingEdits } from './pending';
import { isCredentialsError, listProfiles, profileCredentials, signInAgainMessage, type AwsProfile, type SharedFiles } from './profiles';

/** Organizations is a global service served from us-east-1 (facts §5.9). */
const organizationsRegion = 'us-east-1';

export interface ConnectionEnvironment {
  embedded?: EmbeddedOptions;
  sharedFiles?: SharedFiles;
  env?: NodeJS.ProcessEnv;
  /** Asks the user for an MFA code (through the client); undefined when the user cancelled. */
  mfaCode?: (serialNumber: string, profile: string) => Promise<string | undefined>;
  calls?: CallsOptions;
  /** How long the user's own changes override what lagging reads return. */
  consistencyWindowMs?: number;
}

export class OrganizationConnection {
  readonly model: OrganizationModel;
  /** How this connection reaches AWS (credentials, endpoint or in-memory handler), for the other services it reads: Cost Explorer. */
  clientConfig: OrganizationsClientConfig = {};
  private current: ConnectionInfo;
  private readonly listeners = new Set<(info: ConnectionInfo) => void>();
  private readonly ownerLost = new Set<() => void>();

  private constructor(
    readonly spec: ConnectionSpec,
    client: OrganizationsClient,
    info: ConnectionInfo,
    environment: ConnectionEnvironment,
    /** The embedded organization when this process owns it. */
    readonly embedded: EmbeddedOwner | undefined,
    private readonly profile: AwsProfile | undefined,
    /** The embedded organization's owner when another process holds it. */
    private readonly guest?: EmbeddedGuest,
  ) {
    this.model = new OrganizationModel(new OrganizationsCalls(client, environment.calls), new PendingEdits(environment.consistencyWindowMs));
    this.current = info;
    const changedElsewhere = (change: EndpointChange | 'all') => {
      if (change === 'all') this.model.refresh();
      else if (change.service === 'organizations') void this.model.changedElsewhere(change.operation, change.input, change.output);
      // The accounts' IAM and STS sessions are no part of the organization's model: they change only what shows an account's IAM.
      else this.model.iamChanged(change.service, change.operation, change.callerAccountId, 'endpoint');
    };
    embedded?.onChange(changedElsewhere);
    // The organization may have been created, deleted, reset or changed its feature set: the state follows it.
    this.model.onDidChange(({ scopes }) => {
      if (scopes.includes('organization')) void this.verify();
    });
    guest?.follow(changedElsewhere, () => {
      for (const listener of this.ownerLost) listener();
    });
  }

  /** Listens for the owner of the embedded organization going away (this connection is then a guest of nobody). */
  onOwnerLost(listener: () => void): () => void {
    this.ownerLost.add(listener);
    return () => this.ownerLost.delete(listener);
  }

  /** Whether this connection reaches the embedded organization through another process's endpoint. */
  get isGuest(): boolean {
    return this.guest !== undefined;
  }

  /** Reset, export and import of the embedded organization, here or through the window that owns it; undefined for another connection. */
  get embeddedControl(): EmbeddedControl | undefined {
    return this.embedded ?? this.guest;
  }

  /**
   * Opens a connection and checks it (`DescribeOrganization`, then `ListRoots` to tell a management
   * account from a member); failures become the connection's state, never an exception.
   */
  static async open(spec: ConnectionSpec, environment: ConnectionEnvironment = {}): Promise<OrganizationConnection> {
    const config: OrganizationsClientConfig = { region: organizationsRegion, maxAttempts: 1 };
    const info: ConnectionInfo = { spec: publicSpec(spec), label: '', state: 'connecting' };
    let embedded: EmbeddedOwner | undefined;
    let guest: EmbeddedGuest | undefined;
    let profile: AwsProfile | undefined;
    let credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
    switch (spec.kind) {
      case 'embedded': {
        let opened: Awaited<ReturnType<typeof openEmbedded>>;
        try {
          opened = await openEmbedded(environment.embedded ?? {});
        } catch (error) {
          // A damaged or unreadable state file is reported, never silently replaced.
          info.label = 'Embedded';
          return OrganizationConnection.failed(spec, info, environment, 'error', `The embedded organization could not be opened: ${(error as Error).message}`);
        }
        const callerAccountId = spec.callerAccountId ?? (opened.kind === 'owner' ? opened.engine.managementAccountId : undefined);
        // The endpoint maps a 12-digit access key to that account, any other key to the management account.
        credentials = { accessKeyId: callerAccountId ?? 'embedded', secretAccessKey: 'embedded' };
        if (opened.kind === 'owner') {
          embedded = opened;
          config.requestHandler = opened.requestHandler();
          info.endpoint = opened.endpoint;
        } else {
          guest = opened;
          config.endpoint = opened.endpoint;
          info.endpoint = opened.endpoint;
        }
        info.label = opened.kind === 'owner' ? 'Embedded' : 'Embedded (shared)';
        if (callerAccountId) info.callerAccountId = callerAccountId;
        break;
      }
      case 'profile': {
        const env = environment.env ?? process.env;
        info.label = spec.profile;
        profile = (await listProfiles(environment.sharedFiles, env)).find((candidate) => candidate.name === spec.profile);
        if (!profile) {
          return OrganizationConnection.failed(spec, info, environment, 'error', `There is no profile "${spec.profile}" in your AWS config or credentials file.`);
        }
        const ask = environment.mfaCode;
        credentials = profileCredentials(profile, environment.sharedFiles ?? {}, async (serialNumber) => {
          const code = await ask?.(serialNumber, spec.profile);
          if (!code) throw Object.assign(new Error(`No MFA code was given for ${serialNumber}.`), { name: 'CredentialsProviderError' });
          return code;
        });
        config.region = profile.region ?? organizationsRegion;
        if (profile.endpointUrl) {
          config.endpoint = profile.endpointUrl;
          info.endpoint = profile.endpointUrl;
          info.label = `${spec.profile} (custom endpoint)`;
        }
        break;
      }
      case 'endpoint':
        credentials = { accessKeyId: spec.accessKeyId, secretAccessKey: spec.secretAccessKey, ...(spec.sessionToken ? { sessionToken: spec.sessionToken } : {}) };
        config.endpoint = spec.url;
        info.endpoint = spec.url;
        info.label = hostOf(spec.url);
        break;
    }
    config.credentials = credentials;
    const connection = new OrganizationConnection(spec, new OrganizationsClient(config), info, environment, embedded, profile, guest);
    connection.clientConfig = config;
    await connection.check();
    return connection;
  }

  get info(): ConnectionInfo {
    return this.current;
  }

  /** Listens to changes of the connection's state (connected, expired, ...). */
  onDidChangeState(listener: (info: ConnectionInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks the connection again (after a failure or a sign-in) and updates its state. */
  async check(): Promise<ConnectionInfo> {
    this.model.clear();
    return this.verify();
  }

  /** Reads the organization and the roots (through the model's cache) and sets the state they show. */
  private async verify(): Promise<ConnectionInfo> {
    try {
      const organization = await this.model.describeOrganization();
      this.update({ state: 'connected', organization });
      try {
        await this.model.listRoots();
      } catch (error) {
        if ((error as Error).name !== 'AccessDeniedException') throw error;
        this.update({ state: 'notManagementAccount' });
      }
    } catch (error) {
      this.recordFailure(error);
    }
    return this.current;
  }

  /**
   * Takes note of a failed call: expired or refused credentials put the connection in the
   * "sign in again" state; a missing organization in `noOrganization`.
   */
  recordFailure(error: unknown): void {
    if (!(error instanceof Error)) return;
    if (error.name === 'AWSOrganizationsNotInUseException') this.update({ state: 'noOrganization', message: error.message, organization: undefined });
    else if (isCredentialsError(error)) this.update({ state: 'credentialsExpired', message: signInAgainMessage(this.profile, error) });
    else if (this.current.state === 'connecting') this.update({ state: 'error', message: error.message });
  }

  /** Exposes the embedded organization on a local port; its URL and the environment a terminal needs. */
  async expose(port?: number, host?: string): Promise<{ url: string; environment: Record<string, string> }> {
    // A window that shares another window's embedded organization hands out that window's endpoint.
    const url = this.embedded ? await this.embedded.serve(port, host) : this.guest?.endpoint;
    if (!url) throw new Error('Only the embedded organization can be served on a local port; this connection uses another endpoint.');
    this.update({ endpoint: url });
    // The endpoint takes a 12-digit access key as that account and any other key as the management account.
    const accessKeyId = this.current.callerAccountId ?? this.embedded?.engine.managementAccountId ?? 'embedded';
    return { url, environment: endpointEnvironment(url, { accessKeyId, secretAccessKey: 'embedded' }) };
  }

  /** Cancels every call, forgets every cache, and releases the embedded state file if this process holds it. */
  async close(): Promise<void> {
    this.model.calls.cancel();
    this.model.clear();
    this.guest?.close();
    await this.embedded?.close();
    this.listeners.clear();
  }

  private update(change: Partial<ConnectionInfo>): void {
    const next = { ...this.current, ...change };
    for (const key of Object.keys(next) as (keyof ConnectionInfo)[]) if (next[key] === undefined) delete next[key];
    if (next.state === 'connected' || next.state === 'notManagementAccount') delete next.message;
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }

  /** A connection that could not even be built (no such profile): its state says why. */
  private static failed(spec: ConnectionSpec, info: ConnectionInfo, environment: ConnectionEnvironment, state: ConnectionState, message: string): OrganizationConnection {
    const client = new OrganizationsClient({ region: organizationsRegion, credentials: { accessKeyId: 'none', secretAccessKey: 'none' } });
    return new OrganizationConnection(spec, client, { ...info, state, message }, environment, undefined, undefined);
  }
}

/** The spec without its secrets, for the client and the logs. */
function publicSpec(spec: ConnectionSpec): ConnectionInfo['spec'] {
  if (spec.kind !== 'endpoint') return { ...spec };
  return { kind: 'endpoint', url: spec.url, accessKeyId: spec.accessKeyId };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
