/**
 * Commands on the organization itself. Create Organization is the primary button of the explorer's welcome
 * content when the connected account is in no organization; like every command it also runs without
 * prompts when given its input (`{ FeatureSet: 'ALL' }`). A new organization has no policy type enabled, as on
 * AWS, so its message offers to enable SCPs. Enable All Features asks first: it sends every invited member
 * account a request that each must approve.
 */
import * as vscode from 'vscode';
import type { CreateOrganizationRequest, OrganizationFeatureSet } from '@aws-sdk/client-organizations';
import { mutationRequest } from '../../../server/src/protocol';
import { Refusal } from '../failures';
import { log } from '../log';
import { CommandFactory } from './commands';
import { confirm } from './confirm';
import { inputOf } from './prompts';

const featureSets: (vscode.QuickPickItem & { featureSet: OrganizationFeatureSet })[] = [
  {
    featureSet: 'ALL',
    label: 'All features',
    description: 'recommended',
    detail: 'Consolidated billing, policies (SCPs, RCPs, tag, backup and more) and trusted access for AWS services.',
  },
  {
    featureSet: 'CONSOLIDATED_BILLING',
    label: 'Consolidated billing features',
    detail: 'One bill for all member accounts; no policies. You can enable all features later.',
  },
];

export const organizationCommands: Record<string, CommandFactory> = {
  'awsOrganizations.createOrganization': ({ client }) => async (input?: CreateOrganizationRequest) => {
    let featureSet = input?.FeatureSet;
    if (!featureSet) {
      const picked = await vscode.window.showQuickPick(featureSets, {
        title: 'Create Organization',
        placeHolder: 'The connected account becomes the management account of a new organization with',
      });
      if (!picked) throw new vscode.CancellationError();
      featureSet = picked.featureSet;
    }
    const { Organization } = await client.sendRequest(mutationRequest('CreateOrganization'), { FeatureSet: featureSet });
    log.info(`Created the organization ${Organization?.Id} (${featureSet})`);
    const created = `Created the organization ${Organization?.Id}, with ${Organization?.MasterAccountId} as its management account.`;
    if (featureSet === 'ALL') {
      const enable = 'Enable SCPs';
      void vscode.window.showInformationMessage(`${created} No policy type is enabled yet: enable service control policies before you attach one.`, enable)
        .then((choice) => choice === enable && vscode.commands.executeCommand('awsOrganizations.enablePolicyType', { PolicyType: 'SERVICE_CONTROL_POLICY' }));
    } else {
      void vscode.window.showInformationMessage(created);
    }
    return Organization;
  },

  'awsOrganizations.enableAllFeatures': ({ client, explorer }) => async (arg?: unknown) => {
    const organization = explorer.connection?.organization;
    if (organization?.FeatureSet === 'ALL') {
      throw new Refusal('HandshakeConstraintViolationException', `The organization ${organization.Id} already has all features.`, 'ORGANIZATION_ALREADY_HAS_ALL_FEATURES');
    }
    await confirm('Enable all features in the organization?',
      'Every invited member account gets a request to approve it. Once all have approved, the management account finishes the change. There is no way back to consolidated billing only.',
      'Enable All Features', inputOf<{ confirmed: boolean }>(arg).confirmed);
    const { Handshake } = await client.sendRequest(mutationRequest('EnableAllFeatures'), {});
    log.info(`EnableAllFeatures: handshake ${Handshake?.Id} ${Handshake?.State}`);
    void vscode.window.showInformationMessage(`Requested all features (${Handshake?.Id}): the Invitations view shows the members' answers.`);
    return Handshake;
  },
};
