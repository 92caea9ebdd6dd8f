/**
 * Language server figures under bad input, on the bundled server process: fuzz cases (a mutated fixture
 * policy opened, validated, asked hover, completion and symbols, closed) per second and the slowest
 * validation among them, the time to the diagnostic that declines a 5 MB file and JSON nested 100,000
 * levels deep, the time to validate an SCP just under the 1,000,000 characters that are parsed, and the
 * server's memory at the end.
 */
import { seededRandom } from '../support/random';
import { fuzzSeeds, largeScp, mutate, runFuzzCase } from '../lsp/fuzz';
import { LspProcess, startServerProcess } from '../support/languageServer';
import { elapsedMs, Figure } from './support';

const cases = 500;

/** Milliseconds from opening the text to its diagnostics. */
async function timeToDiagnostics(server: LspProcess, uri: string, text: string): Promise<number> {
  const start = process.hrtime.bigint();
  await server.open(uri, text);
  await server.diagnostics(uri, undefined, 60_000);
  return elapsedMs(start);
}

export async function run(): Promise<Figure[]> {
  const server = await startServerProcess();
  try {
    const random = seededRandom(20261128);
    const seeds = fuzzSeeds();
    // The catalog and the embedded organization load on first use: warm them outside the figures.
    await runFuzzCase(server, 'file:///bench/warm.scp.json', seeds[0].text, random);
    let worst = 0;
    const start = process.hrtime.bigint();
    for (let run = 0; run < cases; run++) {
      const source = seeds[Math.floor(random() * seeds.length)];
      worst = Math.max(worst, await runFuzzCase(server, `file:///bench/${run}/${encodeURIComponent(source.name)}`, mutate(source.text, random), random));
    }
    const casesPerSecond = cases / (elapsedMs(start) / 1000);
    const large = await timeToDiagnostics(server, 'file:///bench/large.scp.json', largeScp(5_000_000));
    const nested = await timeToDiagnostics(server, 'file:///bench/nested.scp.json', '['.repeat(100_000) + ']'.repeat(100_000));
    const largestParsed = await timeToDiagnostics(server, 'file:///bench/largest.scp.json', largeScp(990_000));
    return [
      { name: 'fuzz.cases_per_second', value: casesPerSecond, unit: 'cases/s' },
      { name: 'fuzz.worst_validation_ms', value: worst, unit: 'ms' },
      { name: 'fuzz.declined_5mb_ms', value: large, unit: 'ms' },
      { name: 'fuzz.declined_nested_100000_ms', value: nested, unit: 'ms' },
      { name: 'fuzz.validate_scp_990000_ms', value: largestParsed, unit: 'ms' },
      { name: 'fuzz.server_rss', value: server.rssBytes() / 1024 ** 2, unit: 'MB' },
    ];
  } finally {
    await server.close();
  }
}
