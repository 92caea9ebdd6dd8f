/**
 * Trusted access for AWS services and their delegated administrators: enable (a picker of the services
 * that integrate with Organizations, each with a one-line description, plus a custom service principal),
 * disable (after a confirmation saying what stops working), register and deregister a delegated administrator.
 */
import * as vscode from 'vscode';
import type { DeregisterDelegatedAdministratorRequest, EnableAWSServiceAccessRequest, RegisterDelegatedAdministratorRequest } from '@aws-sdk/client-organizations';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { integratedServices, mutationRequest, serviceLinkedRolesRequest, trustedServicesRequest } from '../../../server/src/protocol';
import { Refusal } from '../failures';
import { log } from '../log';
import { DelegatedAdministratorNode, TrustedServiceNode } from '../tree/serviceNodes';
import { CommandFactory } from './commands';
import { confirm } from './confirm';
import { MultiStepInput } from './multiStepInput';
import { hierarchyItems, idOrPick, inputOf, nameOf } from './prompts';
import { check, problem } from './validation';

const customEntry = '$(edit) Another service principal…';

/** What a service does with trusted access, from the table of integrated services; a custom principal has no description. */
function describe(principal: string): { name: string; description?: string } {
  const service = integratedServices.find((candidate) => candidate.servicePrincipal === principal);
  return service ? { name: service.name, description: service.description } : { name: principal };
}

/** The service principal a command acts on: the node's, the given one, or one picked (optionally among those with trusted access). */
async function principalOf(client: BaseLanguageClient, title: string, arg: unknown, given: string | undefined, enabled: boolean): Promise<string> {
  if (arg instanceof TrustedServiceNode) return arg.principal;
  if (arg instanceof DelegatedAdministratorNode) return arg.service.principal;
  if (given) return check('servicePrincipal', 'A service principal', given);
  const trusted = client.sendRequest(trustedServicesRequest).then((services) => services.map((service) => service.service.ServicePrincipal!));
  const { principal } = await MultiStepInput.run<{ principal?: string; custom?: boolean }>(title, [
    {
      run: async (input, state) => {
        const items = trusted.then((principals) => enabled
          ? principals.map((servicePrincipal) => ({ label: describe(servicePrincipal).name, description: servicePrincipal, detail: describe(servicePrincipal).description, servicePrincipal }))
          : [
            ...integratedServices.filter((service) => !principals.includes(service.servicePrincipal))
              .map((service) => ({ label: service.name, description: service.servicePrincipal, detail: service.description, servicePrincipal: service.servicePrincipal })),
            { label: customEntry, description: 'type a service principal', servicePrincipal: '' },
          ]);
        const [picked] = await input.showQuickPick({ placeholder: enabled ? 'A service with trusted access' : 'The service to give trusted access to the organization', items });
        state.custom = !picked.servicePrincipal;
        state.principal = picked.servicePrincipal;
      },
    },
    {
      when: (state) => !!state.custom,
      run: async (input, state) => {
        state.principal = await input.showInputBox({ prompt: 'The service principal', placeholder: 'service.amazonaws.com', validate: (value) => problem('servicePrincipal', 'A service principal', value) });
      },
    },
  ], {});
  return principal!;
}

export const trustedAccessCommands: Record<string, CommandFactory> = {
  'awsOrganizations.enableTrustedAccess': ({ client }) => async (arg?: unknown) => {
    const principal = await principalOf(client, 'Enable Trusted Access', arg, inputOf<EnableAWSServiceAccessRequest>(arg).ServicePrincipal, false);
    const wasEnabled = (await client.sendRequest(trustedServicesRequest)).some((trusted) => trusted.service.ServicePrincipal === principal);
    await client.sendRequest(mutationRequest('EnableAWSServiceAccess'), { ServicePrincipal: principal });
    // Enabling creates the service's service-linked role in every account of the organization (none when it was already enabled).
    const { roleName, accounts } = await client.sendRequest(serviceLinkedRolesRequest, { servicePrincipal: principal });
    const created = wasEnabled || !roleName ? '' : ` It created the service-linked role ${roleName} in ${accounts} account${accounts === 1 ? '' : 's'}.`;
    log.info(`Enabled trusted access for ${principal}.${created}`);
    void vscode.window.showInformationMessage(`Enabled trusted access for ${describe(principal).name}.${created}`);
  },

  'awsOrganizations.disableTrustedAccess': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<EnableAWSServiceAccessRequest>(arg);
    const principal = await principalOf(client, 'Disable Trusted Access', arg, given.ServicePrincipal, true);
    const { name, description } = describe(principal);
    const trusted = (await client.sendRequest(trustedServicesRequest)).find((service) => service.service.ServicePrincipal === principal);
    if (!trusted) throw new Refusal('InvalidInputException', `${name} has no trusted access to the organization.`);
    const administrators = trusted.delegatedAdministrators.map((administrator) => administrator.Id).join(', ');
    await confirm(`Disable trusted access for ${name}?`, [
      `${name} can no longer create or manage resources in the organization's accounts${description ? `: ${description.replace(/\.$/, '')} stops working` : ''}.`,
      administrators ? `Its delegated administrators (${administrators}) stay registered but can no longer act for the organization.` : '',
      'Disable it from the service\'s own console where possible, so that it cleans up first.',
    ].filter(Boolean).join('\n\n'), 'Disable', given.confirmed);
    await client.sendRequest(mutationRequest('DisableAWSServiceAccess'), { ServicePrincipal: principal });
    log.info(`Disabled trusted access for ${principal}`);
    void vscode.window.showInformationMessage(`Disabled trusted access for ${name}.`);
  },

  'awsOrganizations.registerDelegatedAdministrator': ({ client, explorer }) => async (arg?: unknown) => {
    const given = inputOf<RegisterDelegatedAdministratorRequest>(arg);
    const principal = await principalOf(client, 'Register Delegated Administrator', arg, given.ServicePrincipal, true);
    const accountId = await idOrPick('Register Delegated Administrator', given.AccountId, {
      placeholder: `The member account that administers ${describe(principal).name}`, items: hierarchyItems(client, ['account']),
    });
    const service = integratedServices.find((candidate) => candidate.servicePrincipal === principal);
    const trusted = (await client.sendRequest(trustedServicesRequest)).find((candidate) => candidate.service.ServicePrincipal === principal);
    if (trusted?.delegatedAdministrators.some((administrator) => administrator.Id === accountId)) {
      throw new Refusal('AccountAlreadyRegisteredException', `${await nameOf(client, accountId)} is already a delegated administrator of ${describe(principal).name}.`);
    }
    if (accountId === explorer.connection?.organization?.MasterAccountId) {
      throw new Refusal('ConstraintViolationException', `${await nameOf(client, accountId)} is the management account: only a member account can be a delegated administrator.`, 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR');
    }
    // Services that support no delegated administrator are left to AWS's own answer.
    if (service?.maxDelegatedAdministrators && (trusted?.delegatedAdministrators.length ?? 0) >= service.maxDelegatedAdministrators) {
      throw new Refusal('ConstraintViolationException', `${service.name} allows ${service.maxDelegatedAdministrators} delegated administrator${service.maxDelegatedAdministrators === 1 ? '' : 's'}, and has ${trusted?.delegatedAdministrators.length ?? 0}.`, 'MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED');
    }
    await client.sendRequest(mutationRequest('RegisterDelegatedAdministrator'), { AccountId: accountId, ServicePrincipal: principal });
    log.info(`Registered ${accountId} as a delegated administrator of ${principal}`);
    void vscode.window.showInformationMessage(`${await nameOf(client, accountId)} is now a delegated administrator of ${describe(principal).name}.`);
  },

  'awsOrganizations.deregisterDelegatedAdministrator': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<DeregisterDelegatedAdministratorRequest>(arg);
    const principal = await principalOf(client, 'Deregister Delegated Administrator', arg, given.ServicePrincipal, true);
    const trusted = (await client.sendRequest(trustedServicesRequest)).find((candidate) => candidate.service.ServicePrincipal === principal);
    const accountId = arg instanceof DelegatedAdministratorNode ? arg.administrator.Id! : await idOrPick('Deregister Delegated Administrator', given.AccountId, {
      placeholder: `The delegated administrator of ${describe(principal).name} to deregister`,
      items: (trusted?.delegatedAdministrators ?? []).map((administrator) => ({ id: administrator.Id!, label: `${administrator.Name} (${administrator.Id})`, description: administrator.Email })),
    });
    if (!trusted?.delegatedAdministrators.some((administrator) => administrator.Id === accountId)) {
      throw new Refusal('AccountNotRegisteredException', `${accountId} is not a delegated administrator of ${describe(principal).name}.`);
    }
    await confirm(`Deregister ${accountId} as delegated administrator of ${describe(principal).name}?`,
      'The account can no longer administer the service for the organization; what it configured may stop.', 'Deregister', given.confirmed);
    await client.sendRequest(mutationRequest('DeregisterDelegatedAdministrator'), { AccountId: accountId, ServicePrincipal: principal });
    log.info(`Deregistered ${accountId} as a delegated administrator of ${principal}`);
    void vscode.window.showInformationMessage(`Deregistered ${accountId} as a delegated administrator of ${describe(principal).name}.`);
  },
};
