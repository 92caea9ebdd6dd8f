/**
 * Billing in the language server: answers the billing report and the tooltips' current cost from the active
 * connection's billing (Cost Explorer through the connection's own credentials and transport).
 */
import { Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { billingOf } from '../organizations/billing';
import { billingReportRequest, currentCostRequest, type OrganizationsErrorData } from '../protocol';
import type { OrganizationService } from './organization';

/** Registers the billing requests on the connection. */
export function startBilling(connection: Connection, organization: OrganizationService): void {
  connection.onRequest(billingReportRequest, async (params) => {
    const active = await organization.active();
    try {
      return await billingOf(active).report(params);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      active.recordFailure(failure);
      throw new ResponseError<OrganizationsErrorData>(LSPErrorCodes.RequestFailed, failure.message, { name: failure.name, message: failure.message });
    }
  });
  // A tooltip without a cost is better than a tooltip that fails: costs that cannot be read are left out.
  connection.onRequest(currentCostRequest, async ({ id }) => (await billingOf(await organization.active()).currentCost(id).catch(() => undefined)) ?? null);
}
