import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parsePolicyDocument } from '../../../server/src/policies/document';
import { validatePolicy } from '../../../server/src/policies/validate';
import { fixture } from '../../support/paths';

const corpus = fixture('corpus', 'service-control-policy-examples');
const commentFile = 'Service-specific-controls/AWS-IAM/deny-service-specific-credential-by-type.json';
const marketplaceFile = 'Protect-cloud-platform-resource/Deny-unwanted-cancellation-or-changes-to-AWS-Marketplace-product-subscription.json';

function policyFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? policyFiles(path) : name.endsWith('.json') ? [path] : [];
  });
}

/** The corpus is AWS's published SCP examples; a configured glob makes them SCPs, as a user would. */
async function validateCorpusFile(path: string) {
  const document = parsePolicyDocument(readFileSync(path, 'utf8'), { path, globs: { SERVICE_CONTROL_POLICY: ['**/service-control-policy-examples/**/*.json'] } });
  assert.equal(document.kind, 'SERVICE_CONTROL_POLICY');
  assert.equal(document.kindSource, 'glob');
  return validatePolicy(document);
}

test('no ERROR on any of AWS\'s published SCP examples except the two genuinely broken ones', async () => {
  const files = policyFiles(corpus);
  assert.ok(files.length >= 55, `the corpus is there (${files.length} files)`);
  for (const path of files) {
    const name = relative(corpus, path);
    if (name === commentFile || name === marketplaceFile) continue;
    const errors = (await validateCorpusFile(path)).filter((finding) => finding.severity === 'ERROR');
    assert.deepEqual(errors.map((error) => `${error.code} ${error.message}`), [], name);
  }
});

test('the corpus file with a // comment is reported as an ERROR at the comment', async () => {
  const path = join(corpus, commentFile);
  const text = readFileSync(path, 'utf8');
  const comments = (await validateCorpusFile(path)).filter((finding) => finding.code === 102);
  assert.equal(comments.length, 1);
  assert.equal(comments[0].severity, 'ERROR');
  assert.match(text.substr(comments[0].offset, comments[0].length), /^\/\/add or remove/);
});

test('the corpus marketplace file is reported for its two actions missing from the IAM catalog', async () => {
  const path = join(corpus, marketplaceFile);
  const text = readFileSync(path, 'utf8');
  const unknown = (await validateCorpusFile(path)).filter((finding) => finding.code === 303);
  assert.deepEqual(unknown.map((finding) => text.substr(finding.offset, finding.length)).sort(), ['CreatePrivateMarketplace', 'UpdatePrivateMarketplaceSettings']);
});
