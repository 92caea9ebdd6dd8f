/**
 * Commands on member accounts: create (name, email, role name, parent, tags; a cancellable progress
 * notification while AWS reports IN_PROGRESS, then the new account moved to its parent and revealed),
 * move, remove from the organization, and close (the user types the account ID to confirm).
 */
import * as vscode from 'vscode';
import type {
  CloseAccountRequest, CreateAccountRequest, CreateAccountStatus, MoveAccountRequest, RemoveAccountFromOrganizationRequest,
} from '@aws-sdk/client-organizations';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { inputPatterns, mutationRequest, nodeRequest, rootsRequest } from '../../../server/src/protocol';
import { Refusal } from '../failures';
import { log } from '../log';
import { nameAndId } from '../tree/format';
import { CommandFactory } from './commands';
import { confirm, confirmByTyping } from './confirm';
import { MultiStepInput } from './multiStepInput';
import { moveAccounts } from './moves';
import { hierarchyItems, idOrPick, idsOrPick, inputOf, nameOf, nodeId } from './prompts';
import { check, parseTags, problem, tagsProblem } from './validation';

/** The role AWS creates in a new account when none is named. */
const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';
/** How often the create-account status is asked for while AWS creates the account. */
const STATUS_POLL_MS = 1000;

/** The account a command acts on, refused before the call when it is the management account or not in the organization. */
async function memberAccount(client: BaseLanguageClient, id: string, management: string | undefined, operation: string) {
  const node = await client.sendRequest(nodeRequest, { id });
  if (node?.kind !== 'account') throw new Refusal('AccountNotFoundException', `${id} is not an account of the organization.`);
  if (id === management) {
    throw new Refusal('ConstraintViolationException', `${nameAndId(node.account.Name, id)} is the management account: ${operation} applies only to member accounts.`);
  }
  return node;
}

/** Asks for the create-account status until it is no longer IN_PROGRESS, in a cancellable notification. */
function waitForAccount(client: BaseLanguageClient, status: CreateAccountStatus): Thenable<CreateAccountStatus> {
  return vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification, title: `Creating the account ${status.AccountName}`, cancellable: true,
  }, async (progress, token) => {
    let current = status;
    while (current.State === 'IN_PROGRESS') {
      progress.report({ message: `AWS reports ${current.State} (${current.Id})` });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STATUS_POLL_MS);
        token.onCancellationRequested(() => { clearTimeout(timer); resolve(); });
      });
      if (token.isCancellationRequested) {
        void vscode.window.showInformationMessage(`Stopped waiting: AWS goes on creating ${status.AccountName} (${status.Id}); it appears in the tree when done.`);
        throw new vscode.CancellationError();
      }
      current = (await client.sendRequest(mutationRequest('DescribeCreateAccountStatus'), { CreateAccountRequestId: status.Id! })).CreateAccountStatus!;
    }
    return current;
  });
}

export const accountCommands: Record<string, CommandFactory> = {
  'awsOrganizations.createAccount': ({ client, explorer }) => async (arg?: unknown) => {
    const given = inputOf<CreateAccountRequest & { ParentId: string }>(arg);
    const state = { ...given, ParentId: nodeId(arg) ?? given.ParentId };
    const prompted = given.AccountName === undefined;
    await MultiStepInput.run('Create Account', [
      { when: () => prompted, run: async (input) => { state.AccountName = await input.showInputBox({ prompt: 'The account name', placeholder: 'Payments Prod', validate: (value) => problem('accountName', 'An account name', value) }); } },
      { when: () => prompted, run: async (input) => { state.Email = await input.showInputBox({ prompt: 'The email address of the account\'s root user (unique across AWS)', placeholder: 'aws-payments-prod@example.com', validate: (value) => problem('email', 'An email address', value) }); } },
      { when: () => prompted, run: async (input) => { state.RoleName = await input.showInputBox({ prompt: 'The IAM role the management account can assume in the new account', value: DEFAULT_ROLE_NAME, validate: (value) => (inputPatterns.roleName.test(value) ? undefined : 'A role name has 1 to 64 letters, digits or +=,.@_-') }); } },
      {
        when: () => prompted && !state.ParentId,
        run: async (input) => { state.ParentId = (await input.showQuickPick({ placeholder: 'Where the account goes (AWS creates it in the root)', items: hierarchyItems(client, ['root', 'organizationalUnit']) }))[0].id; },
      },
      {
        when: () => prompted,
        run: async (input) => {
          const text = await input.showInputBox({ prompt: 'Tags (optional): key=value, separated by commas', placeholder: 'team=payments, env=prod', validate: tagsProblem });
          state.Tags = text ? parseTags(text) : undefined;
        },
      },
    ], state);
    const request: CreateAccountRequest = {
      AccountName: check('accountName', 'An account name', state.AccountName),
      Email: check('email', 'An email address', state.Email),
      ...(state.RoleName ? { RoleName: state.RoleName } : {}),
      ...(state.IamUserAccessToBilling ? { IamUserAccessToBilling: state.IamUserAccessToBilling } : {}),
      ...(state.Tags?.length ? { Tags: state.Tags } : {}),
    };
    const { CreateAccountStatus: started } = await client.sendRequest(mutationRequest('CreateAccount'), request);
    log.info(`CreateAccount ${request.AccountName}: request ${started?.Id} ${started?.State}`);
    const finished = await waitForAccount(client, started!);
    if (finished.State === 'FAILED') {
      throw new Refusal('CreateAccountStatus', `Creating ${request.AccountName} failed: ${finished.FailureReason}.`, finished.FailureReason);
    }
    const accountId = finished.AccountId!;
    const [root] = await client.sendRequest(rootsRequest);
    if (state.ParentId && state.ParentId !== root?.Id) {
      await client.sendRequest(mutationRequest('MoveAccount'), { AccountId: accountId, SourceParentId: root.Id!, DestinationParentId: state.ParentId });
    }
    log.info(`Created the account ${accountId} (${request.AccountName})`);
    void vscode.window.showInformationMessage(`Created the account ${nameAndId(request.AccountName, accountId)}.`);
    explorer.reveal(accountId).catch((error) => log.warn(`Could not reveal ${accountId}: ${error}`));
    return finished;
  },

  'awsOrganizations.moveAccount': ({ client }) => async (arg?: unknown, selected?: unknown) => {
    const given = inputOf<MoveAccountRequest & { AccountIds: string[] }>(arg);
    // From the view's menu, with several accounts selected, VS Code passes the clicked node and the selection.
    const fromView = (Array.isArray(selected) ? selected : [arg]).map(nodeId).filter((id): id is string => id !== undefined);
    const accountIds = await idsOrPick('Move Account', fromView.length ? fromView : given.AccountIds ?? (given.AccountId ? [given.AccountId] : undefined), {
      placeholder: 'The accounts to move (Space selects several)', canPickMany: true, items: hierarchyItems(client, ['account']),
    });
    const accounts = await Promise.all(accountIds.map(async (id) => {
      const node = await client.sendRequest(nodeRequest, { id });
      if (node?.kind !== 'account') throw new Refusal('AccountNotFoundException', `${id} is not an account of the organization.`);
      return { id, name: node.account.Name, parentId: given.SourceParentId ?? node.parentId };
    }));
    const only = accounts.length === 1 ? accounts[0] : undefined;
    const destination = await idOrPick('Move Account', given.DestinationParentId, {
      placeholder: only ? `Where ${nameAndId(only.name, only.id)} goes (now in ${await nameOf(client, only.parentId)})` : `Where the ${accounts.length} accounts go`,
      items: hierarchyItems(client, ['root', 'organizationalUnit'], { unavailable: (place) => (only?.parentId === place.id ? `${nameAndId(only.name, only.id)} is already here` : undefined) }),
    });
    await moveAccounts(client, accounts, destination, { confirmed: given.confirmed });
  },

  'awsOrganizations.removeAccount': ({ client, explorer }) => async (arg?: unknown) => {
    const given = inputOf<RemoveAccountFromOrganizationRequest>(arg);
    const accountId = await idOrPick('Remove Account', nodeId(arg) ?? given.AccountId, { placeholder: 'The account to remove from the organization', items: hierarchyItems(client, ['account']) });
    const node = await memberAccount(client, accountId, explorer.connection?.organization?.MasterAccountId, 'RemoveAccountFromOrganization');
    const name = nameAndId(node.account.Name, accountId);
    await confirm(`Remove ${name} from the organization?`,
      'It becomes a standalone account: its own payer, no longer under the organization\'s policies. AWS requires the account to have the information a standalone account needs.',
      'Remove', given.confirmed);
    await client.sendRequest(mutationRequest('RemoveAccountFromOrganization'), { AccountId: accountId });
    log.info(`Removed ${accountId} from the organization`);
    void vscode.window.showInformationMessage(`Removed ${name} from the organization.`);
  },

  'awsOrganizations.closeAccount': ({ client, explorer }) => async (arg?: unknown) => {
    const given = inputOf<CloseAccountRequest>(arg);
    const accountId = await idOrPick('Close Account', nodeId(arg) ?? given.AccountId, { placeholder: 'The account to close', items: hierarchyItems(client, ['account']) });
    const node = await memberAccount(client, accountId, explorer.connection?.organization?.MasterAccountId, 'CloseAccount');
    if (node.account.State !== 'ACTIVE') throw new Refusal('AccountAlreadyClosedException', `${nameAndId(node.account.Name, accountId)} is already ${node.account.State?.toLowerCase().replace(/_/g, ' ')}.`);
    await confirmByTyping('Close Account', `Closing ${nameAndId(node.account.Name, accountId)} suspends it; after 90 days AWS closes it for good. Type its account ID to confirm.`, accountId, given.confirmed);
    await client.sendRequest(mutationRequest('CloseAccount'), { AccountId: accountId });
    log.info(`Closing ${accountId}`);
    void vscode.window.showInformationMessage(`${nameAndId(node.account.Name, accountId)} is being closed (PENDING_CLOSURE).`);
  },
};
