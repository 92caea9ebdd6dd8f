/**
 * What the evaluator takes from the IAM catalog (`server/src/aws/catalog.ts`, the Service Authorization
 * Reference): the concrete actions an Action entry covers, and the services whose resources RCPs govern.
 */
import { expandActionPattern, rcpSupportedServices as catalogRcpServices } from '../aws/catalog';

/**
 * The concrete actions (`service:Action`) to evaluate for an Action entry: its expansion, or the entry
 * itself when it names one action the catalog does not know (it is still compared as written).
 */
export async function concreteActions(entry: string): Promise<string[]> {
  const expanded = (await expandActionPattern(entry)).map((action) => `${action.service}:${action.name}`);
  return expanded.length || /[*?]/.test(entry) ? expanded : [entry];
}

/** The service prefixes (lower case) whose resources RCPs govern, for `PermissionsOptions`. */
export async function rcpSupportedServices(): Promise<Set<string>> {
  return new Set((await catalogRcpServices()).map((service) => service.toLowerCase()));
}
