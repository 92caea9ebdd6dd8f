/** Language server figures: how long the server takes to start and answer its first hover. */
import { HoverRequest } from 'vscode-languageserver-protocol';
import { startSession } from '../support/languageServer';
import { elapsedMs, Figure } from './support';

export async function run(): Promise<Figure[]> {
  const start = process.hrtime.bigint();
  const session = await startSession();
  const uri = 'file:///bench.scp.json';
  await session.open(uri, '{ "Version": "2012-10-17", "Statement": [] }');
  await session.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 4 } });
  const firstHover = elapsedMs(start);
  await session.close();
  return [{ name: 'lsp.start_to_first_hover', value: firstHover, unit: 'ms' }];
}
