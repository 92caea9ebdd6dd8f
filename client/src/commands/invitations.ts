/**
 * Invitations (handshakes): invite an account by ID or email with notes and tags, cancel an open
 * invitation, and accept or decline one as the invited account. Against the embedded organization the
 * commands act as the invited account for that one call, as if it had signed in; elsewhere the connected
 * identity must be the invited account, or AWS refuses and the reason is shown.
 */
import * as vscode from 'vscode';
import type { Handshake, HandshakeParty, InviteAccountToOrganizationRequest, Tag } from '@aws-sdk/client-organizations';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { ConnectionSpec, connectRequest, handshakesRequest, mutationRequest } from '../../../server/src/protocol';
import { Refusal } from '../failures';
import { log } from '../log';
import type { OrganizationExplorer } from '../tree/explorer';
import { CommandFactory } from './commands';
import { confirm } from './confirm';
import { MultiStepInput } from './multiStepInput';
import { handshakeItems, idOrPick, inputOf, nodeId } from './prompts';
import { parseTags, problem, tagsProblem } from './validation';

/** What the user typed as the invited party: 12 digits are an account ID, anything else an email address. */
function partyOf(text: string): HandshakeParty {
  const value = text.trim();
  return /^\d+$/.test(value) ? { Type: 'ACCOUNT', Id: value } : { Type: 'EMAIL', Id: value };
}

function targetProblem(text: string): string | undefined {
  const party = partyOf(text);
  return party.Type === 'ACCOUNT' ? problem('accountId', 'An account ID', party.Id!) : problem('email', 'An email address', party.Id!);
}

/** Refuses, before the call, an invitation to a party that already has an open one (AWS's DuplicateHandshakeException). */
async function checkNotInvited(client: BaseLanguageClient, target: HandshakeParty): Promise<void> {
  const open = (await client.sendRequest(handshakesRequest)).find((handshake) => handshake.Action === 'INVITE' && handshake.State === 'OPEN'
    && handshake.Parties?.some((party) => party.Type === target.Type && party.Id?.toLowerCase() === target.Id?.toLowerCase()));
  if (open) {
    throw new Refusal('DuplicateHandshakeException', `${target.Id} already has an open invitation (${open.Id}): cancel it or wait for the answer.`);
  }
}

async function handshakeOf(client: BaseLanguageClient, id: string): Promise<Handshake | undefined> {
  return (await client.sendRequest(handshakesRequest)).find((handshake) => handshake.Id === id);
}

/**
 * Runs `answer` as the invited account. Against the embedded organization the connection acts as that
 * account for the call and then returns to whom it acted as before; elsewhere it runs as it is.
 */
async function asInvitedAccount<T>(client: BaseLanguageClient, explorer: OrganizationExplorer, handshake: Handshake | undefined, answer: () => Promise<T>): Promise<T> {
  const connection = explorer.connection;
  // An invitation's parties are the organization and the invited account (or its email address).
  const invited = handshake?.Parties?.find((party) => party.Type === 'ACCOUNT')?.Id;
  if (connection?.spec.kind !== 'embedded' || !invited || connection.callerAccountId === invited) return answer();
  const previous: ConnectionSpec = connection.spec;
  await client.sendRequest(connectRequest, { kind: 'embedded', callerAccountId: invited });
  try {
    return await answer();
  } finally {
    await client.sendRequest(connectRequest, previous);
  }
}

/** One command per answer to an invitation: the invited account accepts or declines, the organization cancels. */
function answerCommand(
  operation: 'AcceptHandshake' | 'DeclineHandshake' | 'CancelHandshake', title: string, verb: string, asInvited: boolean, confirmation?: string,
): CommandFactory {
  return ({ client, explorer }) => async (arg?: unknown) => {
    const given = inputOf<{ HandshakeId: string }>(arg);
    const side = { direction: asInvited ? 'received' as const : 'sent' as const, callerAccountId: explorer.connection?.callerAccountId };
    const id = await idOrPick(title, nodeId(arg) ?? given.HandshakeId, { placeholder: `The invitation to ${verb.toLowerCase()}`, items: handshakeItems(client, ['OPEN'], side) });
    const handshake = await handshakeOf(client, id);
    if (confirmation) await confirm(`${verb} the invitation ${id}?`, confirmation, `${verb} Invitation`, given.confirmed);
    const run = () => client.sendRequest(mutationRequest(operation), { HandshakeId: id });
    const { Handshake: answered } = asInvited ? await asInvitedAccount(client, explorer, handshake, run) : await run();
    log.info(`${operation} ${id}: now ${answered?.State}`);
    void vscode.window.showInformationMessage(`The invitation ${id} is now ${answered?.State?.toLowerCase()}.`);
    return answered;
  };
}

export const invitationCommands: Record<string, CommandFactory> = {
  'awsOrganizations.inviteAccount': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<InviteAccountToOrganizationRequest>(arg);
    const state: { target?: string; Notes?: string; Tags?: Tag[] } = { target: given.Target?.Id, Notes: given.Notes, Tags: given.Tags };
    const prompted = state.target === undefined;
    await MultiStepInput.run('Invite Account', [
      {
        when: () => prompted,
        run: async (input) => {
          state.target = await input.showInputBox({
            prompt: 'The 12-digit ID or the email address of the account to invite',
            placeholder: '111122223333 or owner@example.com',
            validate: (value) => targetProblem(value),
          });
        },
      },
      {
        when: () => prompted,
        run: async (input) => {
          state.Notes = await input.showInputBox({ prompt: 'A note for the invited account (optional)', validate: (value) => (value ? problem('notes', 'The note', value) : undefined) }) || undefined;
        },
      },
      {
        when: () => prompted,
        run: async (input) => {
          const text = await input.showInputBox({ prompt: 'Tags for the account once it joins (optional): key=value, separated by commas', placeholder: 'team=payments, env=prod', validate: tagsProblem });
          state.Tags = text ? parseTags(text) : undefined;
        },
      },
    ], state);
    const Target: HandshakeParty = given.Target?.Type ? given.Target : partyOf(state.target ?? '');
    const found = targetProblem(Target.Id ?? '');
    if (found) throw new Refusal('InvalidInputException', found);
    await checkNotInvited(client, Target);
    const { Handshake: sent } = await client.sendRequest(mutationRequest('InviteAccountToOrganization'), {
      Target, ...(state.Notes ? { Notes: state.Notes } : {}), ...(state.Tags?.length ? { Tags: state.Tags } : {}),
    });
    log.info(`Invited ${Target.Id}: handshake ${sent?.Id}`);
    void vscode.window.showInformationMessage(`Invited ${Target.Id}: the invitation ${sent?.Id} is open until ${sent?.ExpirationTimestamp ? new Date(sent.ExpirationTimestamp).toISOString().slice(0, 10) : 'it expires'}.`);
    return sent;
  },

  'awsOrganizations.cancelInvitation': answerCommand('CancelHandshake', 'Cancel Invitation', 'Cancel', false,
    'The invited account can no longer accept it. You can invite the account again later.'),
  'awsOrganizations.acceptInvitation': answerCommand('AcceptHandshake', 'Accept Invitation', 'Accept', true),
  'awsOrganizations.declineInvitation': answerCommand('DeclineHandshake', 'Decline Invitation', 'Decline', true),
};
