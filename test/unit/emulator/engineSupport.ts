/** What the engine tests share: an engine on a controllable clock, a caller shortcut, and error assertions. */
import * as assert from 'node:assert/strict';
import { OrganizationsEngine, type EngineOptions, type ServiceName } from '../../../server/src/emulator/engine';
import { OrganizationsError } from '../../../server/src/emulator/errors';

export const MANAGEMENT = '111111111111';
export const OUTSIDER = '999999999999';
export const DAY_MS = 24 * 3600 * 1000;

export interface TestOrganization {
  engine: OrganizationsEngine;
  /** Calls as the management account unless a caller is given; returns the output typed loosely for assertions. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read the SDK output shapes freely.
  call<T = Record<string, any>>(operation: string, input?: Record<string, unknown>, caller?: string, service?: ServiceName, partition?: string): T;
  /** Moves the engine's clock forward. */
  advance(ms: number): void;
  now(): Date;
  rootId: string;
}

/**
 * An engine with an organization (all features unless told) created by MANAGEMENT at a fixed time. With all
 * features, SCPs are then enabled on the root, as a new organization's administrator does on AWS (a new root has
 * no policy type enabled), unless `serviceControlPolicies` is false.
 */
export function organization(options: EngineOptions & { featureSet?: 'ALL' | 'CONSOLIDATED_BILLING'; create?: boolean; serviceControlPolicies?: boolean } = {}): TestOrganization {
  let time = Date.parse('2026-01-05T10:00:00Z');
  const engine = new OrganizationsEngine({ clock: () => new Date(time), ...options });
  const call = <T>(operation: string, input: Record<string, unknown> = {}, caller = MANAGEMENT, service: ServiceName = 'organizations', partition?: string): T =>
    engine.call(operation, input, caller, { service, ...(partition ? { partition } : {}) }) as T;
  let rootId = '';
  if (options.create !== false) {
    call('CreateOrganization', { FeatureSet: options.featureSet ?? 'ALL' });
    // With replication lag, reads see the organization only once the lag has passed.
    time += options.replicationLagMs ?? 0;
    rootId = call<{ Roots: { Id: string }[] }>('ListRoots').Roots[0].Id;
    if ((options.featureSet ?? 'ALL') === 'ALL' && options.serviceControlPolicies !== false) {
      call('EnablePolicyType', { RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' });
      time += options.replicationLagMs ?? 0;
    }
  }
  return { engine, call, advance: (ms) => { time += ms; }, now: () => new Date(time), rootId };
}

/** Asserts that `run` throws AWS's exception `name` (and `reason`, when given). */
export function rejects(run: () => unknown, name: string, reason?: string): OrganizationsError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof OrganizationsError, `expected ${name}, got ${caught === undefined ? 'no error' : String(caught)}`);
  assert.equal(caught.name, name, caught.message);
  if (reason !== undefined) assert.equal(caught.reason, reason, caught.message);
  return caught;
}

/** Creates an account through CreateAccount and lets the clock complete it; returns its ID. */
export function createAccount(org: TestOrganization, name: string, email = `${name.toLowerCase().replace(/\W+/g, '-')}@example.com`): string {
  const request = org.call('CreateAccount', { AccountName: name, Email: email }).CreateAccountStatus.Id;
  org.advance(60_000);
  const status = org.call('DescribeCreateAccountStatus', { CreateAccountRequestId: request }).CreateAccountStatus;
  assert.equal(status.State, 'SUCCEEDED');
  return status.AccountId;
}

/** Invites an outside account by ID and accepts as that account. */
export function inviteAccount(org: TestOrganization, accountId: string): string {
  const handshake = org.call('InviteAccountToOrganization', { Target: { Type: 'ACCOUNT', Id: accountId } }).Handshake;
  org.call('AcceptHandshake', { HandshakeId: handshake.Id }, accountId);
  return handshake.Id;
}

/** Creates an OU under a parent; returns its ID. */
export function createOu(org: TestOrganization, name: string, parentId = org.rootId): string {
  return org.call('CreateOrganizationalUnit', { ParentId: parentId, Name: name }).OrganizationalUnit.Id;
}
