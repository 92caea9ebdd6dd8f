/**
 * The connection as the user sees and chooses it: the connection picker (embedded organization, a profile
 * of `~/.aws`, or a custom endpoint whose keys stay in SecretStorage), the status bar item, the MFA prompt
 * the server asks for, "Sign In Again", and serving the embedded organization on a local port with its
 * environment for a terminal. The server holds the connection; this file only asks it and shows its state.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  clientId, connectionRequest, connectRequest, exposeEndpointRequest, mfaCodeRequest, profilesRequest,
  type ConnectionInfo, type ConnectionSpec, type OrganizationInitializationOptions, type ProfileInfo,
} from '../../server/src/protocol';
import type { CommandFactory } from './commands/commands';
import { keepSecret, log } from './log';
import type { ServerEvents } from './serverEvents';

/** The keys of a custom endpoint, as kept in SecretStorage (never in settings). */
interface EndpointSecret {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const secretKey = (url: string) => `${clientId}.endpoint:${url}`;

/** How each way of signing in is described in the picker. */
const profileKinds: Record<ProfileInfo['kind'], string> = {
  static: 'access keys',
  assumeRole: 'assumed role',
  sso: 'IAM Identity Center',
  process: 'credential_process',
  webIdentity: 'web identity',
  other: 'profile',
};

/** Status bar icons per connection state. */
const stateIcons: Record<ConnectionInfo['state'], string> = {
  connecting: '$(sync~spin)',
  connected: '$(organization)',
  noOrganization: '$(circle-slash)',
  notManagementAccount: '$(account)',
  credentialsExpired: '$(error)',
  error: '$(error)',
};

export class Connections implements vscode.Disposable {
  private readonly statusBar = vscode.window.createStatusBarItem(`${clientId}.connection`, vscode.StatusBarAlignment.Left, 1);
  private readonly disposables: vscode.Disposable[] = [];
  private current?: ConnectionInfo;
  /** The connection last asked for, with its secret: a restarted server opens it again. */
  private chosen?: ConnectionSpec;

  /**
   * Prepares the language client before it starts: the `initializationOptions` (the embedded state file in
   * global storage, the saved connection with its secret), the MFA prompt, and the status bar.
   */
  static async prepare(context: vscode.ExtensionContext, client: BaseLanguageClient, events: ServerEvents): Promise<Connections> {
    const connections = new Connections(context, client);
    const settings = vscode.workspace.getConfiguration(clientId);
    const statePath = settings.get<string>('embedded.statePath') || path.join(context.globalStorageUri.fsPath, 'organization.state');
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(statePath)));
    connections.chosen = await connections.savedConnection();
    // A function, so that a server restarted after a crash opens the connection chosen since, not the first one.
    const options = (): OrganizationInitializationOptions => {
      const port = vscode.workspace.getConfiguration(clientId).get<number | null>('embedded.port');
      return { embeddedStatePath: statePath, ...(typeof port === 'number' ? { embeddedPort: port } : {}), connection: connections.chosen };
    };
    client.clientOptions.initializationOptions = options;
    connections.disposables.push(
      client.onRequest(mfaCodeRequest, ({ serialNumber, profile }) => vscode.window.showInputBox({
        title: `MFA code for profile ${profile}`,
        prompt: `The current code of ${serialNumber}`,
        ignoreFocusOut: true,
        validateInput: (value) => (/^\d{6}$/.test(value) ? undefined : 'Enter the 6 digits your MFA device shows.'),
      })),
      events.onDidChangeConnection((info) => connections.show(info)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        const port = vscode.workspace.getConfiguration(clientId).get<number | null>('embedded.port');
        if (!event.affectsConfiguration(`${clientId}.embedded.port`) || typeof port !== 'number') return;
        client.sendRequest(exposeEndpointRequest, { port }).then(
          (exposed) => log.info(`The embedded organization is served at ${exposed.url}.`),
          (error: Error) => log.warn(`Could not serve the embedded organization on port ${port}: ${error.message}`),
        );
      }),
    );
    connections.statusBar.command = `${clientId}.selectConnection`;
    connections.statusBar.name = 'AWS Organizations connection';
    connections.show({ spec: connections.chosen ?? { kind: 'embedded' }, label: 'AWS Organizations', state: 'connecting' });
    connections.statusBar.show();
    return connections;
  }

  private constructor(private readonly context: vscode.ExtensionContext, private readonly client: BaseLanguageClient) {}

  /** The commands of this file, for `registerCommands`. */
  readonly commands: Record<string, CommandFactory> = {
    [`${clientId}.selectConnection`]: () => () => this.select(),
    [`${clientId}.signInAgain`]: () => () => this.signInAgain(),
    [`${clientId}.serveEmbedded`]: () => () => this.serveEmbedded(),
    [`${clientId}.copyEnvironment`]: () => () => this.copyEnvironment(),
  };

  dispose(): void {
    this.statusBar.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** The connection picker: the embedded organization, each profile, or a custom endpoint. */
  private async select(): Promise<void> {
    type Item = vscode.QuickPickItem & { spec?: ConnectionSpec; custom?: true };
    const quickPick = vscode.window.createQuickPick<Item>();
    quickPick.title = 'Connect to an organization';
    quickPick.placeholder = 'The embedded organization, an AWS profile, or any AWS Organizations endpoint';
    quickPick.busy = true;
    quickPick.show();
    const embedded: Item = { label: '$(vm) Embedded organization', description: 'local, offline', spec: { kind: 'embedded' } };
    const custom: Item = { label: '$(globe) Custom endpoint...', description: 'a URL and access keys (kept in the OS keychain)', custom: true };
    quickPick.items = [embedded, custom];
    try {
      const profiles = await this.client.sendRequest(profilesRequest);
      quickPick.items = [
        embedded,
        { label: 'AWS profiles', kind: vscode.QuickPickItemKind.Separator },
        ...profiles.map((profile): Item => ({
          label: `$(key) ${profile.name}`,
          description: [profileKinds[profile.kind], profile.accountId, profile.endpointUrl].filter(Boolean).join(' · '),
          spec: { kind: 'profile', profile: profile.name },
        })),
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        custom,
      ];
    } catch (error) {
      log.warn(`Could not list the AWS profiles: ${error instanceof Error ? error.message : error}`);
    } finally {
      quickPick.busy = false;
    }
    const picked = await new Promise<Item | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
      quickPick.onDidHide(() => resolve(undefined));
    });
    quickPick.dispose();
    if (!picked) return;
    const spec = picked.custom ? await this.askForEndpoint() : picked.spec;
    if (spec) await this.connect(spec);
  }

  /** Asks for an endpoint URL and its keys; the keys go to SecretStorage. */
  private async askForEndpoint(): Promise<ConnectionSpec | undefined> {
    const settings = vscode.workspace.getConfiguration(clientId);
    const url = await vscode.window.showInputBox({
      title: 'Custom endpoint (1/3)', prompt: 'The AWS Organizations endpoint URL', ignoreFocusOut: true,
      value: settings.get<string>('connection.endpointUrl') || 'http://127.0.0.1:4566',
      validateInput: (value) => (/^https?:\/\/[^\s/]+/.test(value) ? undefined : 'Enter an http:// or https:// URL.'),
    });
    if (!url) return undefined;
    const saved = await this.secret(url);
    const accessKeyId = await vscode.window.showInputBox({
      title: 'Custom endpoint (2/3)', prompt: 'Access key ID', ignoreFocusOut: true, value: saved?.accessKeyId ?? '',
      validateInput: (value) => (value.trim() ? undefined : 'Enter the access key ID.'),
    });
    if (!accessKeyId) return undefined;
    const secretAccessKey = await vscode.window.showInputBox({
      title: 'Custom endpoint (3/3)', prompt: 'Secret access key', password: true, ignoreFocusOut: true, value: saved?.secretAccessKey ?? '',
      validateInput: (value) => (value ? undefined : 'Enter the secret access key.'),
    });
    if (!secretAccessKey) return undefined;
    const secret: EndpointSecret = { accessKeyId: accessKeyId.trim(), secretAccessKey };
    keepSecret(secretAccessKey);
    await this.context.secrets.store(secretKey(url), JSON.stringify(secret));
    return { kind: 'endpoint', url, ...secret };
  }

  /** Connects and remembers the choice (without secrets) in the user's settings. */
  private async connect(spec: ConnectionSpec): Promise<void> {
    const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Connecting to the organization' },
      () => this.client.sendRequest(connectRequest, spec));
    this.chosen = spec;
    const settings = vscode.workspace.getConfiguration(clientId);
    await settings.update('connection.kind', spec.kind, vscode.ConfigurationTarget.Global);
    if (spec.kind === 'profile') await settings.update('connection.profile', spec.profile, vscode.ConfigurationTarget.Global);
    if (spec.kind === 'endpoint') await settings.update('connection.endpointUrl', spec.url, vscode.ConfigurationTarget.Global);
    this.show(info);
  }

  /**
   * Connects again with the same choice: the server re-reads the profile. For an IAM Identity Center profile,
   * `aws sso login` runs in a terminal first, and the connection is retried once that terminal closes.
   */
  private async signInAgain(): Promise<void> {
    const info = this.current ?? (await this.client.sendRequest(connectionRequest));
    const spec = info.spec.kind === 'endpoint' ? await this.savedConnection() : info.spec;
    if (!spec) return;
    if (spec.kind === 'profile') {
      const profile = (await this.client.sendRequest(profilesRequest)).find((candidate) => candidate.name === spec.profile);
      if (profile?.kind === 'sso') {
        const terminal = vscode.window.createTerminal({ name: `aws sso login (${profile.name})`, shellPath: 'aws', shellArgs: ['sso', 'login', '--profile', profile.name] });
        terminal.show();
        await new Promise<void>((resolve) => {
          const listener = vscode.window.onDidCloseTerminal((closed) => {
            if (closed !== terminal) return;
            listener.dispose();
            resolve();
          });
        });
      }
    }
    await this.connect(spec);
  }

  /** Serves the embedded organization on a local port, chosen by the user (empty: a free port). */
  private async serveEmbedded(): Promise<void> {
    const configured = vscode.workspace.getConfiguration(clientId).get<number | null>('embedded.port');
    const answer = await vscode.window.showInputBox({
      title: 'Serve the embedded organization on 127.0.0.1', prompt: 'Port (empty: any free port)', value: configured ? String(configured) : '4566',
      validateInput: (value) => (value === '' || (/^\d+$/.test(value) && Number(value) < 65536) ? undefined : 'Enter a port number (0-65535) or nothing.'),
    });
    if (answer === undefined) return;
    const exposed = await this.client.sendRequest(exposeEndpointRequest, answer ? { port: Number(answer) } : {});
    const choice = await vscode.window.showInformationMessage(`The embedded organization is served at ${exposed.url}.`, 'Copy Environment for the Terminal');
    if (choice) await this.copy(exposed.environment);
  }

  /** Copies the `export` lines a terminal needs for the AWS CLI, SDKs and Terraform to use the embedded organization. */
  private async copyEnvironment(): Promise<void> {
    const configured = vscode.workspace.getConfiguration(clientId).get<number | null>('embedded.port');
    const exposed = await this.client.sendRequest(exposeEndpointRequest, typeof configured === 'number' ? { port: configured } : {});
    await this.copy(exposed.environment);
    void vscode.window.showInformationMessage(`Copied the environment for ${exposed.url}; paste it into a terminal.`);
  }

  private async copy(environment: Record<string, string>): Promise<void> {
    const shell = vscode.env.shell.toLowerCase();
    const lines = Object.entries(environment).map(([name, value]) =>
      /powershell|pwsh/.test(shell) ? `$env:${name}="${value}"` : /cmd\.exe$/.test(shell) ? `set ${name}=${value}` : `export ${name}=${value}`);
    await vscode.env.clipboard.writeText(lines.join('\n') + '\n');
  }

  /** The connection saved in the settings, with its secret for a custom endpoint; undefined for the embedded organization. */
  private async savedConnection(): Promise<ConnectionSpec | undefined> {
    const settings = vscode.workspace.getConfiguration(clientId);
    const kind = settings.get<ConnectionSpec['kind']>('connection.kind', 'embedded');
    if (kind === 'profile') {
      const profile = settings.get<string>('connection.profile');
      return profile ? { kind, profile } : undefined;
    }
    if (kind === 'endpoint') {
      const url = settings.get<string>('connection.endpointUrl');
      const secret = url ? await this.secret(url) : undefined;
      if (url && secret) return { kind, url, ...secret };
      log.warn(`No keys are stored for the endpoint ${url ?? '(none)'}; using the embedded organization.`);
    }
    return undefined;
  }

  private async secret(url: string): Promise<EndpointSecret | undefined> {
    const stored = await this.context.secrets.get(secretKey(url));
    if (!stored) return undefined;
    const secret = JSON.parse(stored) as EndpointSecret;
    keepSecret(secret.secretAccessKey);
    keepSecret(secret.sessionToken);
    return secret;
  }

  /** Shows a connection in the status bar: its label, its organization, and its state. */
  private show(info: ConnectionInfo): void {
    const previous = this.current?.state;
    this.current = info;
    this.statusBar.text = `${stateIcons[info.state]} ${info.label}${info.organization?.Id ? ` · ${info.organization.Id}` : ''}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**AWS Organizations**: ${info.label} (${info.state})\n\n`);
    if (info.organization?.Id) tooltip.appendMarkdown(`Organization \`${info.organization.Id}\`, management account \`${info.organization.MasterAccountId}\`\n\n`);
    if (info.endpoint) tooltip.appendMarkdown(`Endpoint \`${info.endpoint}\`\n\n`);
    if (info.message) tooltip.appendText(`${info.message}\n\n`);
    tooltip.appendMarkdown('Click to switch connection.');
    this.statusBar.tooltip = tooltip;
    const failed = info.state === 'credentialsExpired' || info.state === 'error';
    this.statusBar.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (info.state === 'credentialsExpired' && previous !== 'credentialsExpired') {
      log.warn(info.message ?? 'The connection\'s credentials expired.');
      void vscode.window.showWarningMessage(info.message ?? 'Sign in again.', 'Sign In Again').then((choice) => choice && vscode.commands.executeCommand(`${clientId}.signInAgain`));
    }
  }
}
