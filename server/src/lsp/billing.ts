/**
 * Billing in the language server: answers the billing report and the tooltips' current cost from the active
 * connection's billing (Cost Explorer through the connection's own credentials and transport).
 */
import type { Connection } from 'vscode-languageserver';
import { billingOf } from '../organizations/billing';
import { billingReportRequest, currentCostRequest } from '../protocol';
import type { OrganizationService } from './organization';

/** Registers the billing requests on the connection. */
export function startBilling(connection: Connection, organization: OrganizationService): void {
  connection.onRequest(billingReportRequest, (params) => organization.run((_model, active) => billingOf(active).report(params)));
  // A tooltip without a cost is better than a tooltip that fails: costs that cannot be read are left out.
  connection.onRequest(currentCostRequest, async ({ id }) => (await billingOf(await organization.active()).currentCost(id).catch(() => undefined)) ?? null);
}
