/**
 * The tree's loads against an organization that throttles as AWS does, through the real language server: the
 * embedded organization (`awsOrganizations.embedded.throttle` at 10 requests per second per family, burst 10) holds
 * a generated organization, and the client asks for every parent's children at once, level by level, as a user
 * expanding the tree does, with every policy's targets. Every request answers (none becomes an error item), every
 * OU and account of the state is found, and the log shows that the endpoint did throttle.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogMessageNotification } from 'vscode-languageserver-protocol/node';
import { generateOrganization } from '../../server/src/emulator/seeds';
import { childrenRequest, exportEmbeddedRequest, importEmbeddedRequest, policiesRequest, targetsForPolicyRequest, type OrganizationNode } from '../../server/src/protocol';
import { startSession, type LspSession } from '../support/languageServer';

let session: LspSession;
let directory: string;
const logged: string[] = [];

before(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'throttled-load-'));
  session = await startSession({ embeddedStatePath: path.join(directory, 'organization.state'), embeddedThrottle: '10/10' });
  session.client.onNotification(LogMessageNotification.type, ({ message }) => {
    logged.push(message);
  });
});

after(async () => {
  await session.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

/** Every child of a parent, page after page. */
async function allChildren(parentId: string): Promise<OrganizationNode[]> {
  const found: OrganizationNode[] = [];
  let nextToken: string | undefined;
  do {
    const page = await session.client.sendRequest(childrenRequest, { parentId, ...(nextToken ? { nextToken } : {}), pageSize: 50 });
    found.push(...page.children);
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

test('every parent\'s children and every policy\'s targets load from a throttling organization, with no error', async () => {
  await session.client.sendRequest(importEmbeddedRequest, { state: generateOrganization({ accounts: 150, ous: 40, policies: 10, depth: 3 }) });
  const state = (await session.client.sendRequest(exportEmbeddedRequest)) as { collections: Record<string, Record<string, { ParentId?: string }>> };
  const [rootId] = Object.keys(state.collections.roots);

  const units = new Set<string>();
  const accounts = new Set<string>();
  // Level by level, every parent of a level at once: a burst of requests the throttle cannot all let through.
  for (let level = [rootId]; level.length;) {
    const pages = await Promise.all(level.map(allChildren));
    level = [];
    for (const node of pages.flat()) {
      if (node.kind === 'organizationalUnit') {
        units.add(node.organizationalUnit.Id!);
        level.push(node.organizationalUnit.Id!);
      } else if (node.kind === 'account') accounts.add(node.account.Id!);
    }
  }
  assert.deepEqual([...units].sort(), Object.keys(state.collections.organizationalUnits).sort());
  assert.deepEqual([...accounts].sort(), Object.keys(state.collections.accounts).filter((id) => state.collections.accounts[id].ParentId).sort());

  const policies = await session.client.sendRequest(policiesRequest, { type: 'SERVICE_CONTROL_POLICY' });
  const targets = await Promise.all(policies.map((policy) => session.client.sendRequest(targetsForPolicyRequest, { policyId: policy.Id! })));
  const attachments = state.collections.attachments as unknown as Record<string, string[]>;
  for (const [index, policy] of policies.entries()) {
    const expected = Object.keys(attachments).filter((target) => attachments[target].includes(policy.Id!)).sort();
    assert.deepEqual(targets[index].map((target) => target.TargetId).sort(), expected, `the targets of ${policy.Name}`);
  }
  assert.ok(logged.some((message) => message.includes('(TooManyRequestsException)')), `the endpoint throttled the load:\n${logged.slice(-5).join('\n')}`);
});
