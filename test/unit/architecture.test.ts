/**
 * The architecture's rules, checked on the code: every floor of eslint.config.mjs refuses a probe file that
 * breaks it (and lets the same folder import what it may), and no file of client/src or server/src imports
 * itself back through other files, type-only imports included.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import * as ts from 'typescript';
import { repoRoot } from '../support/paths';

const eslint = new ESLint({ cwd: repoRoot });

/** The messages of no-restricted-imports for `source` linted as if it were the file `file`. */
async function refusals(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, file) });
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

/** Each floor: a probe file that breaks it, and an import the same folder may make. */
const floors: { floor: string; file: string; breaks: string; allowed: string }[] = [
  {
    floor: 'the core never imports lsp/',
    file: 'server/src/permissions/probe.ts',
    breaks: "import type { PolicyFeatures } from '../lsp/policies';",
    allowed: "import { matchesWildcard } from '../aws/wildcard';",
  },
  {
    floor: 'the core never imports lsp/, from a nested folder either',
    file: 'server/src/emulator/operations/probe.ts',
    breaks: "import { startServer } from '../../lsp/server';",
    allowed: "import { Input } from '../input';",
  },
  {
    floor: 'the core knows no LSP package',
    file: 'server/src/organizations/probe.ts',
    breaks: "import { ResponseError } from 'vscode-languageserver';",
    allowed: "import { OrganizationsClient } from '@aws-sdk/client-organizations';",
  },
  {
    floor: 'emulator/ never imports organizations/',
    file: 'server/src/emulator/probe.ts',
    breaks: "import type { OrganizationModel } from '../organizations/model';",
    allowed: "import { integratedService } from '../aws/servicePrincipals';",
  },
  {
    floor: 'emulator/ never imports endpoint/',
    file: 'server/src/emulator/probe.ts',
    breaks: "export { createEndpointHandler } from '../endpoint/handler';",
    allowed: "import { OrganizationsError } from './errors';",
  },
  {
    floor: 'emulator/ never imports protocol.ts',
    file: 'server/src/emulator/probe.ts',
    breaks: "import type { Mutations } from '../protocol';",
    allowed: "import { monthOf } from '../aws/months';",
  },
  {
    floor: 'aws/ imports no feature',
    file: 'server/src/aws/probe.ts',
    breaks: "import { compilePolicy } from '../permissions/policyDocument';",
    allowed: "import { matchesWildcard } from './wildcard';",
  },
  {
    floor: 'aws/ imports not even the protocol',
    file: 'server/src/aws/probe.ts',
    breaks: "import type { PolicyKind } from '../protocol';",
    allowed: "import type { PolicyType } from '@aws-sdk/client-organizations';",
  },
  {
    floor: 'the server never uses the VS Code API',
    file: 'server/src/lsp/probe.ts',
    breaks: "import * as vscode from 'vscode';",
    allowed: "import { ResponseError } from 'vscode-languageserver';",
  },
  {
    floor: 'the client imports only protocol.ts from the server',
    file: 'client/src/tree/probe.ts',
    breaks: "import { OrganizationModel } from '../../../server/src/organizations/model';",
    allowed: "import { mutationRequest } from '../../../server/src/protocol';",
  },
];

for (const { floor, file, breaks, allowed } of floors) {
  test(`lint enforces the floor: ${floor}`, async () => {
    const refused = await refusals(file, `${breaks}\n`);
    assert.equal(refused.length, 1, `${file}: ${breaks} passed lint`);
    assert.deepEqual(await refusals(file, `${allowed}\n`), [], `${file}: ${allowed} was refused`);
  });
}

/** Every TypeScript file below a folder of the repository, by its path without `.ts`, with the files it imports. */
function importGraph(folder: string): Map<string, string[]> {
  const root = path.join(repoRoot, folder);
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts')).map((name) => path.join(root, name.slice(0, -3)));
  const known = new Set(files);
  return new Map(files.map((file) => {
    // preProcessFile lists every import and export-from, `import type` and dynamic import() included.
    const { importedFiles } = ts.preProcessFile(readFileSync(`${file}.ts`, 'utf8'), true, true);
    const targets = importedFiles.map(({ fileName }) => path.resolve(path.dirname(file), fileName.replace(/\.js$/, '')));
    return [file, targets.filter((target) => known.has(target))];
  }));
}

/** The first import circle found (its files in order, the first again at the end), or undefined. */
function findCircle(graph: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const back = onPath.indexOf(file);
    if (back >= 0) return [...onPath.slice(back), file];
    if (done.has(file)) return undefined;
    onPath.push(file);
    for (const target of graph.get(file) ?? []) {
      const circle = visit(target);
      if (circle) return circle;
    }
    onPath.pop();
    done.add(file);
    return undefined;
  };
  for (const file of graph.keys()) {
    const circle = visit(file);
    if (circle) return circle;
  }
  return undefined;
}

for (const folder of ['client/src', 'server/src']) {
  test(`no import circle between the files of ${folder}, type-only imports included`, () => {
    const circle = findCircle(importGraph(folder));
    assert.equal(circle, undefined, `import circle: ${circle?.map((file) => path.relative(repoRoot, file)).join(' -> ')}`);
  });
}

test('the circle check finds a circle of type-only imports', () => {
  const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
  assert.deepEqual(findCircle(graph), ['a', 'b', 'c', 'a']);
  assert.equal(findCircle(new Map([['a', ['b']], ['b', []], ['c', ['a', 'b']]])), undefined);
  const { importedFiles } = ts.preProcessFile("import type { A } from './a';\nexport { B } from './b';\nconst c = import('./c');\n", true, true);
  assert.deepEqual(importedFiles.map(({ fileName }) => fileName), ['./a', './b', './c']);
});
