/**
 * The Getting Started walkthrough: the command that opens it (and its opening on the first activation), the
 * terminal that runs the AWS CLI against the embedded organization, and the context keys that mark a step
 * complete when the thing it asks for really happened: an OU was created, an account invited, an
 * effective-permissions hover was served, an `aws organizations` command succeeded in a terminal, a connection to
 * AWS (or another endpoint) was made. A step is never checked because its command merely started.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';
import { exposeEndpointRequest, type ConnectionInfo } from '../../server/src/protocol';
import { CommandContext, CommandFactory, onDidSucceedCommand, registerCommands } from './commands/commands';
import type { ServerEvents } from './serverEvents';

/** The walkthrough, as `workbench.action.openWalkthrough` names it: `<publisher>.<name>#<id>`. */
const walkthroughId = 'aws-organizations-vscode.aws-organizations-vscode#awsOrganizations.gettingStarted';
/** The global state key remembering that the walkthrough was opened once. */
const openedKey = 'awsOrganizations.walkthrough.opened';

/** Context keys that complete a step (`onContext:` in package.json). */
const walkthroughContext = {
  createdOrganizationalUnit: 'awsOrganizations.walkthrough.createdOrganizationalUnit',
  invitedAccount: 'awsOrganizations.walkthrough.invitedAccount',
  hoveredEffectivePermissions: 'awsOrganizations.walkthrough.hoveredEffectivePermissions',
  ranAwsCli: 'awsOrganizations.walkthrough.ranAwsCli',
  connectedToAws: 'awsOrganizations.walkthrough.connectedToAws',
} as const;

/** Commands whose success completes a step: the context key each sets once it created what it asked for. */
const completedBySuccess: Readonly<Record<string, string>> = {
  'awsOrganizations.createOrganizationalUnit': walkthroughContext.createdOrganizationalUnit,
  'awsOrganizations.inviteAccount': walkthroughContext.invitedAccount,
};

/** Connection states in which a remote organization answered (even if the caller is not its management account). */
const answeredStates: ReadonlySet<ConnectionInfo['state']> = new Set(['connected', 'noOrganization', 'notManagementAccount']);
/** An AWS CLI command for Organizations, as the terminal's shell integration reports it. */
const awsCliOrganizations = /^\s*aws\s+organizations\s/;

function setContext(key: string): void {
  void vscode.commands.executeCommand('setContext', key, true);
}

/** Whether a hover the language server served explains effective permissions. */
function explainsEffectivePermissions(hover: vscode.Hover | null | undefined): boolean {
  return !!hover?.contents.some((content) => (typeof content === 'string' ? content : content.value).includes('**Effective permissions**'));
}

const walkthroughCommands: Record<string, CommandFactory> = {
  'awsOrganizations.getStarted': () => () => vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId, false),

  /**
   * Serves the embedded organization (on `awsOrganizations.embedded.port`, or a free port) and opens a terminal
   * whose environment points the AWS CLI, SDKs and Terraform at it, running `aws organizations list-accounts`.
   * The command passes `--endpoint-url`, since AWS CLI versions before 2.13 (Debian 12 ships 2.9) ignore
   * AWS_ENDPOINT_URL_*.
   */
  'awsOrganizations.openEndpointTerminal': ({ client }) => async () => {
    const configured = vscode.workspace.getConfiguration('awsOrganizations').get<number | null>('embedded.port');
    const exposed = await client.sendRequest(exposeEndpointRequest, typeof configured === 'number' ? { port: configured } : {});
    const terminal = vscode.window.createTerminal({ name: 'AWS Organizations (embedded)', env: exposed.environment });
    terminal.show();
    terminal.sendText(`aws organizations list-accounts --endpoint-url ${exposed.url} --output table`);
    return terminal;
  },
};

/**
 * Registers the walkthrough's commands and the watchers behind its completion events, and opens it on the first
 * activation (not in the extension's own tests, which run on a fresh profile every time).
 */
export function registerWalkthrough(context: vscode.ExtensionContext, commandContext: CommandContext, events: ServerEvents): void {
  // The language client asks its middleware on every hover, so a wrapper added after the client started still sees each one.
  const middleware: Middleware = (commandContext.client.clientOptions.middleware ??= {});
  const provideHover = middleware.provideHover;
  middleware.provideHover = async (document, position, token, next) => {
    const hover = await (provideHover ? provideHover(document, position, token, next) : next(document, position, token));
    if (explainsEffectivePermissions(hover)) setContext(walkthroughContext.hoveredEffectivePermissions);
    return hover;
  };
  context.subscriptions.push(
    ...registerCommands(commandContext, walkthroughCommands),
    onDidSucceedCommand(({ id, result }) => {
      if (completedBySuccess[id] && result !== undefined) setContext(completedBySuccess[id]);
    }),
    vscode.window.onDidEndTerminalShellExecution((event) => {
      if (event.exitCode === 0 && awsCliOrganizations.test(event.execution.commandLine.value)) setContext(walkthroughContext.ranAwsCli);
    }),
    events.onDidChangeConnection((info) => {
      if (info.spec.kind !== 'embedded' && answeredStates.has(info.state)) setContext(walkthroughContext.connectedToAws);
    }),
  );
  if (!context.globalState.get<boolean>(openedKey) && context.extensionMode !== vscode.ExtensionMode.Test) {
    void context.globalState.update(openedKey, true);
    // The first start shows the extension without hunting for its activity-bar icon: the Organization view and the walkthrough.
    void vscode.commands.executeCommand('awsOrganizations.organization.focus').then(() => vscode.commands.executeCommand('awsOrganizations.getStarted'));
  }
}
