/**
 * Explorer figures on a generated organization of 10,000 accounts (a root and nine OUs of about 1,000
 * accounts each), measured through the real protocol with the language server in-process: exactly the
 * requests the Organization view sends, starting from the server's cold cache each time.
 * - `tree.first_level_ms`: the roots, then the root's first page of children (the root shows expanded).
 * - `tree.ou_1000_accounts_expanded_ms`: every page of a 1,000-account OU at the default page size (200),
 *   i.e. the OU expanded and "Load more" followed to the end.
 * - `tree.ou_1000_accounts_one_page_ms`: the same OU in one page (page size 1,000).
 * - `tree.find_ms`: a find by name over the whole organization, as the find quick pick sends it.
 */
import { generateOrganization } from '../../server/src/emulator/seeds';
import {
  ChildrenPage, childrenRequest, findRequest, importEmbeddedRequest, refreshRequest, rootsRequest,
} from '../../server/src/protocol';
import { LspSession, startSession } from '../support/languageServer';
import { elapsedMs, Figure } from './support';

/** Every page of a parent's children, as "Load more" fetches them. */
async function allChildren(session: LspSession, parentId: string, pageSize: number): Promise<ChildrenPage['children']> {
  const children: ChildrenPage['children'] = [];
  let nextToken: string | undefined;
  do {
    const page = await session.client.sendRequest(childrenRequest, { parentId, nextToken, pageSize });
    children.push(...page.children);
    nextToken = page.nextToken;
  } while (nextToken);
  return children;
}

/** Times `task` after dropping every cache of the server, so that it reads the organization afresh. */
async function cold<T>(session: LspSession, task: () => Promise<T>): Promise<{ ms: number; result: T }> {
  await session.client.sendRequest(refreshRequest, {});
  const start = process.hrtime.bigint();
  const result = await task();
  return { ms: elapsedMs(start), result };
}

export async function run(): Promise<Figure[]> {
  const session = await startSession({});
  try {
    const state = generateOrganization({ accounts: 10_000, ous: 9, policies: 20, depth: 1 });
    await session.client.sendRequest(importEmbeddedRequest, { state });

    const firstLevel = await cold(session, async () => {
      const [root] = await session.client.sendRequest(rootsRequest);
      const page = await session.client.sendRequest(childrenRequest, { parentId: root.Id!, pageSize: 200 });
      return { rootId: root.Id!, ou: page.children.find((child) => child.kind === 'organizationalUnit') };
    });
    const { rootId, ou } = firstLevel.result;
    if (ou?.kind !== 'organizationalUnit') throw new Error(`the root ${rootId} has no OU on its first page`);
    const ouId = ou.organizationalUnit.Id!;

    const expanded = await cold(session, () => allChildren(session, ouId, 200));
    const onePage = await cold(session, () => allChildren(session, ouId, 1000));
    for (const { result } of [expanded, onePage]) {
      if (result.length < 999) throw new Error(`the OU ${ouId} has ${result.length} children, not about 1,000`);
    }
    const find = await cold(session, () => session.client.sendRequest(findRequest, { query: 'Account 9876', limit: 200 }));
    if (!find.result.length) throw new Error('find did not find "Account 9876"');

    return [
      { name: 'tree.first_level_ms', value: firstLevel.ms, unit: 'ms' },
      { name: 'tree.ou_1000_accounts_expanded_ms', value: expanded.ms, unit: 'ms' },
      { name: 'tree.ou_1000_accounts_one_page_ms', value: onePage.ms, unit: 'ms' },
      { name: 'tree.find_ms', value: find.ms, unit: 'ms' },
    ];
  } finally {
    await session.close();
  }
}
