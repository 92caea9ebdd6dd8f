/**
 * The impact of a planned move, attachment or detachment (`plannedChangeImpactRequest`), for the confirmation the
 * client shows before making it: the organization's SCP/RCP graph as it is and as it would be, compared by the
 * evaluator.
 */
import type { Connection } from 'vscode-languageserver';
import { rcpSupportedServices } from '../permissions/actionCatalog';
import { describeChangeImpact, impactOfStructureChange } from '../permissions/changeImpact';
import { OrganizationPermissions } from '../permissions/organization';
import { plannedChangeImpactRequest } from '../protocol';
import type { OrganizationService } from './organization';

export function startPlannedChangeImpact(connection: Connection, organization: OrganizationService): void {
  connection.onRequest(plannedChangeImpactRequest, (change) => organization.run(async (model) => {
    const graph = await model.authorizationGraph();
    const permissions = new OrganizationPermissions(graph, { rcpSupportedServices: await rcpSupportedServices() });
    const impact = await impactOfStructureChange(permissions, change);
    const names = new Map(graph.Accounts.map((account) => [account.Id, account.Name]));
    const sentences = await describeChangeImpact(impact, (id) => `${names.get(id) ?? id} (${id})`);
    return { evaluated: impact.evaluated, sentences, lockout: impact.groups.some((group) => group.lockedOut) };
  }, 'compute what the change does to permissions'));
}
