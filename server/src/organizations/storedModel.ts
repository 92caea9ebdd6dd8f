/**
 * The organization model kept on disk per connection, so that after a restart or in a second window the tree,
 * hover and billing answer at once while the model is revalidated. One JSON file per caller in the extension's
 * global storage, named by a hash of who connects where (the connection's kind, profile or endpoint, and account;
 * never a secret, and the file holds none: only what AWS answered about the organization), with the time it was read.
 * A file that does not parse, was written by another version, belongs to another caller or does not have the shape
 * of a model is ignored, never trusted; the connection checks that the organization is still the same before using it.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type {
  Account, Handshake, Organization, OrganizationalUnit, Policy, PolicySummary, PolicyTargetSummary, PolicyType, Root,
} from '@aws-sdk/client-organizations';
import type { TrustedService } from '../protocol';

/** What a model file says it is. */
export const storedModelFormat = 'aws-organizations-model';
/** The version of the file's shape; a file of another version is ignored. */
export const storedModelVersion = 1;

/** The model as kept on disk: each list as AWS answered it, the user's own pending changes applied. */
export interface StoredModel {
  format: typeof storedModelFormat;
  version: number;
  /** The hash of the caller the model was read as (see `callerKey`). */
  caller: string;
  /** When the oldest part of the model was read (ISO 8601): answers from it are "as of" this time. */
  readAt: string;
  organization: Organization;
  roots: Root[];
  /** Each parent's children that were read. */
  children: { parentId: string; organizationalUnits: OrganizationalUnit[]; accounts: Account[] }[];
  /** Each policy type's policies that were listed. */
  policyLists: { type: PolicyType; policies: PolicySummary[] }[];
  /** Policies read with their content. */
  policies: Policy[];
  /** Each policy's targets that were read. */
  targets: { policyId: string; targets: PolicyTargetSummary[] }[];
  handshakes?: Handshake[];
  trustedServices?: TrustedService[];
}

/** What the file of a model read as that caller is named after: who connects where, without any secret. */
export function callerKey(parts: readonly (string | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** A model's file, or why it was not used. */
export type ReadModel = { model: StoredModel } | { ignored: string } | { missing: true };

/** The model file of one caller in a folder of the extension's global storage. */
export class ModelFile {
  readonly path: string;

  constructor(folder: string, readonly caller: string) {
    this.path = path.join(folder, `${caller.slice(0, 32)}.json`);
  }

  /** The stored model, if there is one that can be trusted. */
  async read(): Promise<ReadModel> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
      return { ignored: `it could not be read (${(error as Error).message})` };
    }
    return parseStoredModel(text, this.caller);
  }

  /**
   * Writes the model beside the file, then renames it over, so that a process killed meanwhile leaves the previous one.
   * The JSON is made and written a piece at a time: a large organization's model takes tens of milliseconds to turn
   * into text, which would otherwise hold up every request of the language server at once.
   */
  async write(model: StoredModel): Promise<void> {
    await fs.mkdir(path.dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const handle = await fs.open(temporary, 'w', 0o600);
      try {
        for (const piece of jsonPieces(model)) await handle.write(piece);
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, this.path);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }

  async remove(): Promise<void> {
    await fs.rm(this.path, { force: true });
  }
}

/** How much JSON text one piece of a written model holds, at least. */
const pieceLength = 64 * 1024;

/** The model's JSON text in pieces: its fields one by one, the items of its lists a batch at a time. */
function* jsonPieces(model: StoredModel): Generator<string> {
  let text = '{';
  for (const [key, value] of Object.entries(model)) {
    if (value === undefined) continue;
    text += `${text === '{' ? '' : ','}${JSON.stringify(key)}:`;
    if (!Array.isArray(value)) {
      text += JSON.stringify(value);
      continue;
    }
    text += '[';
    for (let index = 0; index < value.length; index++) {
      text += (index ? ',' : '') + JSON.stringify(value[index]);
      if (text.length >= pieceLength) {
        yield text;
        text = '';
      }
    }
    text += ']';
  }
  yield `${text}}`;
}

/** Reads a model file's text: the model, or why it is ignored. */
export function parseStoredModel(text: string, caller: string): ReadModel {
  let value: unknown;
  try {
    value = JSON.parse(text, reviveDates);
  } catch {
    return { ignored: 'it is not JSON (damaged)' };
  }
  if (!isObject(value) || value.format !== storedModelFormat) return { ignored: 'it is not a saved organization model' };
  if (value.version !== storedModelVersion) return { ignored: `it was written in another format (version ${String(value.version)}, this version reads ${storedModelVersion})` };
  if (value.caller !== caller) return { ignored: 'it belongs to another connection' };
  const problem = shapeProblem(value);
  return problem ? { ignored: `it is damaged (${problem})` } : { model: value as unknown as StoredModel };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether every item is an object with a string ID field (`Id`, or the given one). */
function identified(items: unknown, field = 'Id'): boolean {
  return Array.isArray(items) && items.every((item) => isObject(item) && typeof item[field] === 'string');
}

/** What is wrong with the shape of a model, if anything: every list the model indexes is checked before it is used. */
function shapeProblem(model: Json): string | undefined {
  if (typeof model.readAt !== 'string' || Number.isNaN(Date.parse(model.readAt))) return 'readAt';
  if (!isObject(model.organization) || typeof model.organization.Id !== 'string') return 'organization';
  if (!identified(model.roots)) return 'roots';
  if (!Array.isArray(model.children) || !model.children.every((entry) => isObject(entry) && typeof entry.parentId === 'string'
    && identified(entry.organizationalUnits) && identified(entry.accounts))) return 'children';
  if (!Array.isArray(model.policyLists) || !model.policyLists.every((entry) => isObject(entry) && typeof entry.type === 'string' && identified(entry.policies))) return 'policyLists';
  if (!Array.isArray(model.policies) || !model.policies.every((policy) => isObject(policy) && isObject(policy.PolicySummary) && typeof policy.PolicySummary.Id === 'string')) return 'policies';
  if (!Array.isArray(model.targets) || !model.targets.every((entry) => isObject(entry) && typeof entry.policyId === 'string' && identified(entry.targets, 'TargetId'))) return 'targets';
  if (model.handshakes !== undefined && !identified(model.handshakes)) return 'handshakes';
  if (model.trustedServices !== undefined && !(Array.isArray(model.trustedServices) && model.trustedServices.every((entry) => isObject(entry) && isObject(entry.service)
    && Array.isArray(entry.delegatedAdministrators)))) return 'trustedServices';
  return undefined;
}

/** AWS's timestamps (`JoinedTimestamp`, `DelegationEnabledDate`, `DateEnabled`...) come back as the `Date`s the SDK gave. */
function reviveDates(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !/Timestamp$|Date$|^Date/.test(key)) return value;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time);
}
