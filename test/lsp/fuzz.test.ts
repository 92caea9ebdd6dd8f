/**
 * Fuzz test over LSP: policies from the fixtures, mutated at random from a fixed seed, are opened one after
 * another in the bundled server process; every diagnostic must lie inside its document, hover, completion
 * and symbols at random positions must answer, and the server must be alive (and answering) at the end.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { HoverRequest } from 'vscode-languageserver-protocol';
import { seededRandom } from '../support/random';
import { fuzzSeeds, mutate, runFuzzCase } from './fuzz';
import { startServerProcess } from '../support/languageServer';

/** Replay a failure by running with its seed. */
const seed = Number(process.env.AWS_ORGANIZATIONS_FUZZ_SEED ?? 20261128);
const cases = Number(process.env.AWS_ORGANIZATIONS_FUZZ_CASES ?? 2000);

test(`${cases} mutated policies (seed ${seed}): diagnostics inside the document, every request answered, the server alive`, async () => {
  const random = seededRandom(seed);
  const seeds = fuzzSeeds();
  const server = await startServerProcess();
  try {
    for (let run = 0; run < cases; run++) {
      const source = seeds[Math.floor(random() * seeds.length)];
      const text = mutate(source.text, random);
      const uri = `file:///fuzz/${run}/${encodeURIComponent(source.name)}`;
      await runFuzzCase(server, uri, text, random).catch((error: Error) => {
        throw new Error(`case ${run} (seed ${seed}, from ${source.name}) failed: ${error.message}\ntext: ${JSON.stringify(text).slice(0, 4000)}`);
      });
    }
    assert.ok(server.alive(), `the server exited: ${server.stderr()}`);
    const uri = 'file:///fuzz/after.scp.json';
    await server.open(uri, '{ "Version": "2012-10-17", "Statement": [] }');
    assert.ok(await server.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 5 } }), 'the server answers a hover after the fuzz');
  } finally {
    await server.close();
  }
});
