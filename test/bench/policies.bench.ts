/**
 * Policy language server figures: validation time (p50/p99) of a 5,120-character SCP and a
 * 10,000-character tag policy with the catalog warm, the first validation after the server starts
 * (catalog loading included), and the server process's memory once both documents are validated.
 */
import { parsePolicyDocument } from '../../server/src/policies/document';
import { validatePolicy } from '../../server/src/policies/validate';
import { startServerProcess } from '../support/languageServer';
import { elapsedMs, Figure, percentile } from './support';

/** An SCP of exactly 5,120 characters: denies with conditions, resources and wildcards, padded by its last Sid. */
export function scpOfSize(size: number): string {
  const statements = [];
  const services = ['s3', 'iam', 'cloudtrail', 'lambda', 'ssm', 'glue', 'ec2', 'kms'];
  for (let index = 0; ; index++) {
    const service = services[index % services.length];
    statements.push({
      Sid: `Deny${index}`, Effect: 'Deny', Action: [`${service}:Delete*`, `${service}:Put*`, `${service}:Update*`], Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/Admin'] }, StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
    });
    if (JSON.stringify({ Version: '2012-10-17', Statement: statements }).length > size) break;
  }
  statements.pop();
  const text = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const last = statements[statements.length - 1];
  last.Sid += 'X'.repeat(size - text.length);
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** A tag policy of exactly 10,000 characters. */
export function tagPolicyOfSize(size: number): string {
  const tags: Record<string, unknown> = {};
  for (let index = 0; ; index++) {
    const key = `costcenter${index}`;
    tags[key] = {
      tag_key: { '@@assign': `CostCenter${index}` }, tag_value: { '@@assign': ['100', '200', '*@example.com'] },
      enforced_for: { '@@assign': ['ec2:instance', 'secretsmanager:*'] }, '@@operators_allowed_for_child_policies': ['@@none'],
    };
    if (JSON.stringify({ tags }).length > size) {
      delete tags[key];
      break;
    }
  }
  const text = JSON.stringify({ tags });
  return text.replace('"100"', `"1${'0'.repeat(size - text.length + 2)}"`);
}

async function timeValidation(text: string, kind: 'SERVICE_CONTROL_POLICY' | 'TAG_POLICY', runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    await validatePolicy(parsePolicyDocument(text, { knownKind: kind }));
    samples.push(elapsedMs(start));
  }
  return samples;
}

/** Starts the bundled server, times its first diagnostics for the SCP, validates the tag policy too, and reads its memory. */
async function serverFigures(scp: string, tagPolicy: string): Promise<{ firstValidationMs: number; rssMb: number }> {
  const start = process.hrtime.bigint();
  const server = await startServerProcess();
  try {
    await server.open('file:///bench/first.scp.json', scp);
    await server.diagnostics('file:///bench/first.scp.json');
    const firstValidationMs = elapsedMs(start);
    await server.open('file:///bench/tags.tag.json', tagPolicy);
    await server.diagnostics('file:///bench/tags.tag.json');
    return { firstValidationMs, rssMb: server.rssBytes() / (1024 * 1024) };
  } finally {
    await server.close();
  }
}

export async function run(): Promise<Figure[]> {
  const scp = scpOfSize(5120);
  const tagPolicy = tagPolicyOfSize(10000);
  const server = await serverFigures(scp, tagPolicy);
  // Warm the catalog in this process, then measure.
  await timeValidation(scp, 'SERVICE_CONTROL_POLICY', 5);
  const scpSamples = await timeValidation(scp, 'SERVICE_CONTROL_POLICY', 200);
  const tagSamples = await timeValidation(tagPolicy, 'TAG_POLICY', 200);
  return [
    { name: 'policies.scp_5120.validate_p50', value: percentile(scpSamples, 50), unit: 'ms' },
    { name: 'policies.scp_5120.validate_p99', value: percentile(scpSamples, 99), unit: 'ms' },
    { name: 'policies.tag_10000.validate_p50', value: percentile(tagSamples, 50), unit: 'ms' },
    { name: 'policies.tag_10000.validate_p99', value: percentile(tagSamples, 99), unit: 'ms' },
    { name: 'policies.first_validation_after_start', value: server.firstValidationMs, unit: 'ms' },
    { name: 'policies.server_rss', value: server.rssMb, unit: 'MB' },
  ];
}
