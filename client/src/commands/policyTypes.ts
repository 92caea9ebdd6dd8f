/**
 * Enabling and disabling a policy type on the root. Disabling asks first, saying what happens: every
 * policy of the type is detached everywhere, and for SCPs re-enabling puts back only FullAWSAccess.
 */
import * as vscode from 'vscode';
import type { EnablePolicyTypeRequest, PolicyType } from '@aws-sdk/client-organizations';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { mutationRequest, policyTypesRequest, rootsRequest } from '../../../server/src/protocol';
import { Refusal } from '../failures';
import { log } from '../log';
import { policyTypeName } from '../tree/format';
import { PolicyTypeNode } from '../tree/policyNodes';
import { CommandFactory } from './commands';
import { confirm } from './confirm';
import { MultiStepInput } from './multiStepInput';
import { inputOf } from './prompts';

/** The type and root a command acts on, the type checked against its state before the call. */
async function policyTypeOf(client: BaseLanguageClient, title: string, arg: unknown, enable: boolean): Promise<{ type: PolicyType; rootId: string; confirmed?: boolean }> {
  const given = inputOf<EnablePolicyTypeRequest>(arg);
  const infos = await client.sendRequest(policyTypesRequest);
  let type = arg instanceof PolicyTypeNode ? arg.info.type : given.PolicyType;
  if (!type) {
    const items = infos.filter((info) => (enable ? info.status === 'DISABLED' : info.status === 'ENABLED'))
      .map((info) => ({ label: policyTypeName(info.type), description: info.type, type: info.type }));
    type = (await MultiStepInput.run<{ type?: PolicyType }>(title, [{
      run: async (input, state) => { state.type = (await input.showQuickPick({ placeholder: `The policy type to ${enable ? 'enable' : 'disable'}`, items }))[0].type; },
    }], {})).type!;
  }
  const status = infos.find((info) => info.type === type)?.status;
  if (enable && status === 'ENABLED') throw new Refusal('PolicyTypeAlreadyEnabledException', `${policyTypeName(type)} are already enabled.`);
  if (enable && status === 'UNAVAILABLE') throw new Refusal('PolicyTypeNotAvailableForOrganizationException', `${policyTypeName(type)} need all features enabled in the organization.`);
  if (!enable && status !== 'ENABLED') throw new Refusal('PolicyTypeNotEnabledException', `${policyTypeName(type)} are not enabled.`);
  const rootId = given.RootId ?? (await client.sendRequest(rootsRequest))[0]?.Id;
  if (!rootId) throw new Refusal('RootNotFoundException', 'The organization has no root.');
  return { type, rootId, confirmed: given.confirmed };
}

export const policyTypeCommands: Record<string, CommandFactory> = {
  'awsOrganizations.enablePolicyType': ({ client }) => async (arg?: unknown) => {
    const { type, rootId } = await policyTypeOf(client, 'Enable Policy Type', arg, true);
    const { Root } = await client.sendRequest(mutationRequest('EnablePolicyType'), { RootId: rootId, PolicyType: type });
    log.info(`Enabled ${type} on ${rootId}`);
    void vscode.window.showInformationMessage(`Enabled ${policyTypeName(type).toLowerCase()}${type === 'SERVICE_CONTROL_POLICY' ? ': FullAWSAccess is attached to every root, OU and account' : ''}.`);
    return Root;
  },

  'awsOrganizations.disablePolicyType': ({ client }) => async (arg?: unknown) => {
    const { type, rootId, confirmed } = await policyTypeOf(client, 'Disable Policy Type', arg, false);
    const detail = type === 'SERVICE_CONTROL_POLICY'
      ? 'Every SCP is detached from every root, OU and account. Enabling SCPs again attaches only FullAWSAccess: the current attachments are lost.'
      : `Every ${policyTypeName(type).toLowerCase().replace(/ies$/, 'y').replace(/s$/, '')} is detached from every root, OU and account, and stops applying.`;
    await confirm(`Disable ${policyTypeName(type).toLowerCase()}?`, detail, 'Disable', confirmed);
    const { Root } = await client.sendRequest(mutationRequest('DisablePolicyType'), { RootId: rootId, PolicyType: type });
    log.info(`Disabled ${type} on ${rootId}`);
    void vscode.window.showInformationMessage(`Disabled ${policyTypeName(type).toLowerCase()}.`);
    return Root;
  },
};
