/**
 * Effective-permissions hover through the real protocol (language server in-process, embedded organization
 * generated with 10,000 accounts, 2,000 OUs and 1,000 SCPs): what a user waits for when hovering an action.
 * - `effective.hover_first_ms`: the first hover, which loads the organization's whole SCP graph.
 * - `effective.hover_concrete_p50/p99`, `effective.hover_wildcard_p50/p99`: hovers on actions not hovered before,
 *   for concrete actions and for wildcards (the evaluator still reuses the answer of any action that every policy
 *   treats alike, as it does for a user).
 * - `effective.hover_after_change_ms`: the first hover after an SCP is attached (the graph is read again and updated).
 * - `effective.whatif_hover_p50/p99`: what-if, a hover on an action of a deployed SCP's document after each edit of it
 *   (the organization is evaluated with the edited document in place of the deployed policy, a new copy per edit).
 * - `effective.preview_hover_p50/p99`: the same for a new SCP file previewed as if attached to the root.
 */
import { HoverRequest } from 'vscode-languageserver-protocol';
import { generateOrganization } from '../../server/src/emulator/seeds';
import {
  importEmbeddedRequest, mutationRequest, policiesRequest, rootsRequest, setPolicyKindNotification, setPreviewAttachmentNotification,
} from '../../server/src/protocol';
import { LspSession, startSession } from '../support/languageServer';
import { elapsedMs, Figure, percentile } from './support';

const concreteActions = [
  's3:GetObject', 's3:PutObject', 's3:DeleteObject', 'ec2:RunInstances', 'ec2:TerminateInstances', 'iam:CreateUser', 'iam:PassRole',
  'kms:Decrypt', 'lambda:InvokeFunction', 'dynamodb:GetItem', 'sqs:SendMessage', 'sns:Publish', 'cloudtrail:StopLogging',
  'organizations:LeaveOrganization', 'sts:AssumeRole', 'logs:PutLogEvents', 'rds:CreateDBInstance', 'ecr:GetAuthorizationToken',
  'secretsmanager:GetSecretValue', 'ssm:GetParameter',
];
const wildcards = ['s3:Get*', 'ec2:Describe*', 'iam:*', 'kms:*', 'lambda:List*', 'dynamodb:*', 'sqs:*', 'sns:*', 'cloudtrail:*', 'rds:Delete*'];

const uri = 'file:///bench/developer.iam.json';

/** Puts the action in the document (with `effect`) and times a hover on it; the hover must say `expected`. */
async function timedHover(session: LspSession, version: number, action: string, document = uri, effect = 'Allow', expected = 'Effective permissions'): Promise<number> {
  const prefix = `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": "`;
  await session.change(document, version, `${prefix}${action}", "Resource": "*"}]}`);
  const start = process.hrtime.bigint();
  const hover = await session.client.sendRequest(HoverRequest.type, { textDocument: { uri: document }, position: { line: 0, character: prefix.length + 1 } });
  const ms = elapsedMs(start);
  const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  if (!value.includes(expected)) throw new Error(`the hover on ${action} does not say "${expected}": ${value.slice(0, 600)}`);
  return ms;
}

/** Hovers on each concrete action after writing a Deny of it into the document: the document differs from the deployed organization each time. */
async function whatIfHovers(session: LspSession, document: string, expected: string): Promise<number[]> {
  await session.open(document, '{}');
  let version = 2;
  const times: number[] = [];
  for (const action of concreteActions) times.push(await timedHover(session, version++, action, document, 'Deny', expected));
  return times;
}

export async function run(): Promise<Figure[]> {
  const session = await startSession({});
  try {
    await session.client.sendRequest(importEmbeddedRequest, { state: generateOrganization({ accounts: 10_000, ous: 2_000, policies: 1_000, depth: 5 }) });
    await session.open(uri, '{}');
    let version = 2;
    const first = await timedHover(session, version++, 's3:ListBucket');
    const concrete: number[] = [];
    for (const action of concreteActions) concrete.push(await timedHover(session, version++, action));
    const wildcard: number[] = [];
    for (const action of wildcards) wildcard.push(await timedHover(session, version++, action));

    const [root] = await session.client.sendRequest(rootsRequest);
    const policy = (await session.client.sendRequest(policiesRequest, { type: 'SERVICE_CONTROL_POLICY' })).find((summary) => summary.Id !== 'p-FullAWSAccess')!;
    await session.client.sendRequest(mutationRequest('AttachPolicy'), { PolicyId: policy.Id!, TargetId: root.Id! });
    const afterChange = await timedHover(session, version++, 's3:GetObjectAcl');

    const deployed = `aws-organizations:/SERVICE_CONTROL_POLICY/${encodeURIComponent(policy.Name!)}.json`;
    await session.client.sendNotification(setPolicyKindNotification, { uri: deployed, kind: 'SERVICE_CONTROL_POLICY' });
    const whatIf = await whatIfHovers(session, deployed, 'this document, unsaved');
    const draft = 'file:///bench/new-guardrail.scp.json';
    await session.client.sendNotification(setPreviewAttachmentNotification, { uri: draft, targetId: root.Id! });
    const preview = await whatIfHovers(session, draft, 'attached to root');

    return [
      { name: 'effective.hover_first_ms', value: first, unit: 'ms' },
      { name: 'effective.hover_concrete_p50', value: percentile(concrete, 50), unit: 'ms' },
      { name: 'effective.hover_concrete_p99', value: percentile(concrete, 99), unit: 'ms' },
      { name: 'effective.hover_wildcard_p50', value: percentile(wildcard, 50), unit: 'ms' },
      { name: 'effective.hover_wildcard_p99', value: percentile(wildcard, 99), unit: 'ms' },
      { name: 'effective.hover_after_change_ms', value: afterChange, unit: 'ms' },
      { name: 'effective.whatif_hover_p50', value: percentile(whatIf, 50), unit: 'ms' },
      { name: 'effective.whatif_hover_p99', value: percentile(whatIf, 99), unit: 'ms' },
      { name: 'effective.preview_hover_p50', value: percentile(preview, 50), unit: 'ms' },
      { name: 'effective.preview_hover_p99', value: percentile(preview, 99), unit: 'ms' },
    ];
  } finally {
    await session.close();
  }
}
