/**
 * The crash test's writer and the rules it shares with the test. Run as a process, it opens a state
 * file with a tiny compaction threshold (so that compactions happen every few operations), drives the real
 * engine with a fixed sequence of operations, and prints `ack <kind> <item> [<id>]` after each call
 * returns, until it is killed. Item k is an OU `unit-k` (odd k), an SCP `policy-k` (k = 2 mod 4) or an
 * IAM role `role-k` of the management account with an inline policy and tags (k = 0 mod 4); each item is
 * deleted again `WINDOW` items later so the state stays small.
 */
import * as fs from 'node:fs';
import { OrganizationsEngine } from '../../../server/src/emulator/engine';
import { FileStore } from '../../../server/src/emulator/fileStore';

/** The management account that creates the test's organization. */
export const MANAGEMENT_ACCOUNT_ID = '111111111111';
/** How many items live at once. */
const WINDOW = 30;

export interface Operation {
  kind: 'create' | 'delete';
  item: number;
}

/** The operation that follows a state holding `items`: the sequence is the same in every process. */
export function nextOperation(items: ReadonlySet<number>): Operation {
  const last = Math.max(0, ...items);
  if (items.has(last - WINDOW)) return { kind: 'delete', item: last - WINDOW };
  return { kind: 'create', item: last + 1 };
}

/** The items after `operation`. */
export function applyOperation(items: ReadonlySet<number>, operation: Operation): Set<number> {
  const next = new Set(items);
  if (operation.kind === 'create') next.add(operation.item);
  else next.delete(operation.item);
  return next;
}

/** The test's items in the organization, read through the engine's list operations: item → ID. */
export function readItems(engine: OrganizationsEngine): Map<number, string> {
  const items = new Map<number, string>();
  for (const { Id, Name } of listAll(engine, 'ListOrganizationalUnitsForParent', { ParentId: rootIdOf(engine) }, 'OrganizationalUnits')) {
    const match = /^unit-(\d+)$/.exec(Name);
    if (match) items.set(Number(match[1]), Id);
  }
  for (const { Id, Name } of listAll(engine, 'ListPolicies', { Filter: 'SERVICE_CONTROL_POLICY' }, 'Policies')) {
    const match = /^policy-(\d+)$/.exec(Name);
    if (match) items.set(Number(match[1]), Id);
  }
  for (const { RoleId, RoleName } of listAllRoles(engine)) items.set(Number(RoleName.slice('role-'.length)), RoleId);
  return items;
}

/** The crash test's roles (path `/crash/`), read through IAM's ListRoles page by page. */
function listAllRoles(engine: OrganizationsEngine): { RoleId: string; RoleName: string }[] {
  const all: { RoleId: string; RoleName: string }[] = [];
  let Marker: string | undefined;
  do {
    const page = engine.call('ListRoles', { PathPrefix: '/crash/', MaxItems: 7, ...(Marker ? { Marker } : {}) }, MANAGEMENT_ACCOUNT_ID, { service: 'iam' }) as { Roles: { RoleId: string; RoleName: string }[]; Marker?: string };
    all.push(...page.Roles);
    Marker = page.Marker;
  } while (Marker);
  return all;
}

function rootIdOf(engine: OrganizationsEngine): string {
  return listAll(engine, 'ListRoots', {}, 'Roots')[0].Id;
}

function listAll(engine: OrganizationsEngine, operation: string, input: Record<string, unknown>, key: string): { Id: string; Name: string }[] {
  const all: { Id: string; Name: string }[] = [];
  let NextToken: string | undefined;
  do {
    const page = engine.call(operation, { ...input, ...(NextToken ? { NextToken } : {}) }, MANAGEMENT_ACCOUNT_ID) as Record<string, unknown>;
    all.push(...(page[key] as { Id: string; Name: string }[]));
    NextToken = page.NextToken as string | undefined;
  } while (NextToken);
  return all;
}

/** An SCP whose size varies with the item, up to near the 5,120-character quota, so that records vary from small to large. */
function policyContent(item: number): string {
  const actions = Array.from({ length: 1 + (item % 7) * 20 }, (_, index) => `s3:GetObjectVersionTagging${index}`);
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: `Item${item}`, Effect: 'Deny', Action: actions, Resource: '*' }] });
}

/** A role of the test: created in one call with its tags, its inline policy put in a second, deleted in two. */
function roleOperation(engine: OrganizationsEngine, item: number, kind: Operation['kind']): string | undefined {
  const iam = (operation: string, input: Record<string, unknown>) => engine.call(operation, input, MANAGEMENT_ACCOUNT_ID, { service: 'iam' }) as { Role: { RoleId: string } };
  const RoleName = `role-${item}`;
  if (kind === 'delete') {
    // A role whose policy put was killed has no inline policy: deleting the policy first is then NoSuchEntity.
    if ((engine.call('ListRolePolicies', { RoleName }, MANAGEMENT_ACCOUNT_ID, { service: 'iam' }) as { PolicyNames: string[] }).PolicyNames.length) iam('DeleteRolePolicy', { RoleName, PolicyName: 'inline' });
    iam('DeleteRole', { RoleName });
    return undefined;
  }
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const id = iam('CreateRole', { RoleName, Path: '/crash/', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'item', Value: String(item) }] }).Role.RoleId;
  iam('PutRolePolicy', { RoleName, PolicyName: 'inline', PolicyDocument: policyContent(item).replace('"Deny"', '"Allow"') });
  return id;
}

/** Performs one operation; answers the created item's ID. */
function perform(engine: OrganizationsEngine, items: Map<number, string>, rootId: string, operation: Operation): string | undefined {
  const { item } = operation;
  const isUnit = item % 2 === 1;
  const isRole = item % 4 === 0;
  if (operation.kind === 'delete') {
    const id = items.get(item);
    if (isRole) roleOperation(engine, item, 'delete');
    else if (isUnit) engine.call('DeleteOrganizationalUnit', { OrganizationalUnitId: id }, MANAGEMENT_ACCOUNT_ID);
    else engine.call('DeletePolicy', { PolicyId: id }, MANAGEMENT_ACCOUNT_ID);
    items.delete(item);
    return undefined;
  }
  const id = isRole ? roleOperation(engine, item, 'create')!
    : isUnit
      ? (engine.call('CreateOrganizationalUnit', { ParentId: rootId, Name: `unit-${item}` }, MANAGEMENT_ACCOUNT_ID) as { OrganizationalUnit: { Id: string } }).OrganizationalUnit.Id
      : (engine.call('CreatePolicy', { Name: `policy-${item}`, Description: `Crash test item ${item}`, Type: 'SERVICE_CONTROL_POLICY', Content: policyContent(item) }, MANAGEMENT_ACCOUNT_ID) as {
          Policy: { PolicySummary: { Id: string } };
        }).Policy.PolicySummary.Id;
  items.set(item, id);
  return id;
}

/** Writes until killed. Output goes straight to fd 1 with a blocking write, so a printed ack is never lost in a buffer. */
function main(statePath: string): void {
  const store = FileStore.open(statePath, { compaction: { minJournalBytes: 16 * 1024, journalToSnapshotRatio: 0 } });
  const engine = new OrganizationsEngine({ store });
  const items = readItems(engine);
  const rootId = rootIdOf(engine);
  fs.writeSync(1, 'ready\n');
  for (;;) {
    const operation = nextOperation(new Set(items.keys()));
    const id = perform(engine, items, rootId, operation);
    fs.writeSync(1, `ack ${operation.kind} ${operation.item}${id ? ` ${id}` : ''}\n`);
  }
}

if (require.main === module) main(process.argv[2]);
