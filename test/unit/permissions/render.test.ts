/** The Markdown of effective permissions: decisions, the hover's names and counts, the version evaluated, attachments and a report's blocks. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evaluateRequest } from '../../../server/src/permissions/evaluate';
import { attachedPolicy, policyEditImpact, policyReach } from '../../../server/src/permissions/impact';
import {
  code, renderActionHover, renderAttachmentHover, renderAttachmentLens, renderDecision, renderImpact, renderImpactLens, renderPreviewHover, renderPreviewLens,
  renderSummary, renderVersion, reportMarkdown,
} from '../../../server/src/permissions/render';
import { summarizeActions } from '../../../server/src/permissions/summary';
import { OrganizationPermissions } from '../../../server/src/permissions/organization';
import { whatIf } from '../../../server/src/permissions/whatIf';
import { ids, policy, sampleGraph, sampleOrganization } from './sampleOrganization';

const organization = () => sampleOrganization({
  policies: [
    policy('p-denydelete', 'DenyBucketDeletion', 'SERVICE_CONTROL_POLICY', { Sid: 'DenyDelete', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }),
    policy('p-mfa', 'RequireMfa', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }),
  ],
  attachments: [{ PolicyId: 'p-denydelete', TargetId: ids.workloads }, { PolicyId: 'p-mfa', TargetId: ids.sandbox }],
});

test('renderDecision explains each level with the policy and statement that decided it', () => {
  const text = renderDecision(evaluateRequest(organization(), { action: 's3:DeleteBucket', principalAccount: ids.prodAccount }));
  const lines = text.split('\n');
  assert.equal(lines[0], '### `s3:DeleteBucket`: denied by an explicit Deny');
  assert.ok(lines.includes('Decided by SCP `DenyBucketDeletion` Statement[0] "DenyDelete" at OU `Workloads` (ou-ab12-workload).'), text);
  assert.ok(lines.includes('- Root `Root` (r-ab12): **allowed**: allowed by `FullAWSAccess` Statement[0]. Attached: `FullAWSAccess`.'), text);
  assert.ok(lines.includes('- OU `Workloads` (ou-ab12-workload): **denied by an explicit Deny**: denied by `DenyBucketDeletion` Statement[0] "DenyDelete"; allowed by `FullAWSAccess` Statement[0]. Attached: `FullAWSAccess`, `DenyBucketDeletion`.'), text);
  assert.ok(lines.includes('**Resource control policies** of account 111111111111: allowed.'), text);
});

test('renderDecision says what an undecided answer depends on, and why chains were not applied', () => {
  const text = renderDecision(evaluateRequest(organization(), { action: 'iam:CreateUser', principalAccount: ids.sandboxAccount }));
  assert.match(text, /^### `iam:CreateUser`: depends on the request/);
  assert.ok(text.includes('- `BoolIfExists` `aws:MultiFactorAuthPresent`: "false" (`RequireMfa` Statement[0])'), text);
  assert.ok(text.includes('**Resource control policies** of account 333333333333: not applied (RCPs do not govern this service).'), text);
  const management = renderDecision(evaluateRequest(organization(), { action: 's3:DeleteBucket', principalAccount: ids.management }));
  assert.ok(management.includes('not applied (the management account is not affected)'), management);
});

test('renderSummary counts the member accounts, names them by verdict, and says the management account is not counted', () => {
  const deleteBucket = renderSummary(organization(), summarizeActions(organization(), { actions: ['s3:DeleteBucket'] }), 's3:DeleteBucket');
  assert.equal(deleteBucket, [
    '**`s3:DeleteBucket`** in 3 member accounts: allowed in 1, denied in 2.',
    '- allowed in 1 account: `sandbox`',
    '- denied in 2 accounts by SCP `DenyBucketDeletion` Statement[0] "DenyDelete" at OU `Workloads` (ou-ab12-workload): `prod-app`, `dev-app`',
    '',
    '_Not counted: `management` (999999999999), the management account, which SCPs and RCPs never affect._',
  ].join('\n'));
  const iam = renderSummary(organization(), summarizeActions(organization(), { actions: ['iam:CreateUser'] }), 'iam:CreateUser');
  assert.ok(iam.includes('- depends in 1 account on `BoolIfExists` `aws:MultiFactorAuthPresent`: "false" (`RequireMfa` Statement[0]): `sandbox`'), iam);
  assert.equal(renderSummary(organization(), { accounts: 4, classes: [] }, 'ec2:Nope*'), '`ec2:Nope*`: no action of the IAM catalog matches.');
});

test('renderSummary says "all" when every member account has one verdict, and links the accounts beyond the first three', () => {
  const accounts = Array.from({ length: 8 }, (_, index) => ({ Id: String(100000000000 + index), Name: `member-${index}`, ParentId: ids.sandbox }));
  const graph = sampleGraph({ policies: [policy('p-deny', 'DenyAll', 'SERVICE_CONTROL_POLICY', { Effect: 'Deny', Action: '*', Resource: '*' })], attachments: [{ PolicyId: 'p-deny', TargetId: ids.sandbox }] });
  const large = new OrganizationPermissions({ ...graph, Accounts: [...graph.Accounts, ...accounts] }, { rcpSupportedServices: new Set() });
  const text = renderSummary(large, summarizeActions(large, { actions: ['ec2:RunInstances'] }), 'ec2:RunInstances', 'command:list');
  assert.ok(text.startsWith('**`ec2:RunInstances`** in 11 member accounts: allowed in 2, denied in 9.\n'), text);
  assert.ok(text.includes('- denied in 9 accounts by SCP `DenyAll` Statement[0] at OU `Sandbox` (ou-ab12-sandboxx): `sandbox`, `member-0`, `member-1` and [6 more](command:list)'), text);
  const denyEverywhere = new OrganizationPermissions({ ...large.graph, Attachments: [...large.graph.Attachments, { PolicyId: 'p-deny', TargetId: ids.root }] }, large.options);
  const all = renderSummary(denyEverywhere, summarizeActions(denyEverywhere, { actions: ['ec2:RunInstances'] }), 'ec2:RunInstances');
  assert.ok(all.startsWith('**`ec2:RunInstances`** in 11 member accounts: denied in all 11.\n- denied in 11 accounts by SCP `DenyAll` Statement[0] at Root `Root` (r-ab12): every member account'), all);
});

test('code fences names that hold a backtick', () => {
  assert.equal(code('prod'), '`prod`');
  assert.equal(code('a`b'), '`` a`b ``');
});

test('renderImpact says who gains and who loses what', () => {
  const edited = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }] };
  const impact = policyEditImpact(organization(), 'p-denydelete', edited, { actions: ['s3:DeleteBucket', 's3:DeleteObject'] });
  assert.equal(renderImpact(impact), '0 account-action pairs gained, 2 lost.\n- lost in 2 accounts: `s3:DeleteObject`');
  assert.equal(renderImpact({ policyId: 'p-x', changes: [], gained: 0, lost: 0 }), 'No account gains or loses any action named in this policy.');
});

test('renderActionHover says which version it evaluated, gives the context account\'s verdict first, then the summary and the chain', () => {
  const summary = summarizeActions(organization(), { actions: ['s3:DeleteBucket', 's3:GetObject'] });
  const hover = renderActionHover(organization(), { entry: 's3:*', summary, limit: 1, version: { kind: 'deployed' }, catalogVersion: 'v1' });
  assert.deepEqual(hover.split('\n').slice(0, 3), ['**Effective permissions** of `s3:*` over the organization\'s SCPs and RCPs', '', 'Evaluated: the deployed SCPs and RCPs.']);
  assert.ok(hover.includes('… and 1 more groups of actions.'), hover);
  assert.ok(!hover.includes('context account'), hover);
  assert.ok(hover.endsWith('_4 accounts in the organization · SCPs and RCPs only, no identity policies · IAM catalog v1_'), hover);
  const decision = evaluateRequest(organization(), { action: 's3:DeleteBucket', principalAccount: ids.prodAccount });
  const inAccount = renderActionHover(organization(), {
    entry: 's3:DeleteBucket', summary, limit: 6, version: { kind: 'deployed' }, catalogVersion: 'v1',
    inContextAccount: { entry: 's3:DeleteBucket', accountId: ids.prodAccount, decisions: [{ decision, others: 0 }], more: 0 },
  });
  const verdict = '**In account `prod-app` (111111111111), the context account:** **denied by an explicit Deny**: SCP `DenyBucketDeletion` Statement[0] "DenyDelete" at OU `Workloads` (ou-ab12-workload).';
  assert.ok(inAccount.indexOf(verdict) > 0 && inAccount.indexOf(verdict) < inAccount.indexOf('member accounts'), inAccount);
  assert.ok(inAccount.includes('**Why, in account `prod-app` (111111111111):**\n\n### `s3:DeleteBucket`: denied by an explicit Deny'), inAccount);
  const management = evaluateRequest(organization(), { action: 's3:DeleteBucket', principalAccount: ids.management });
  const wildcard = renderActionHover(organization(), {
    entry: 's3:*', summary, limit: 6, version: { kind: 'deployed' }, catalogVersion: 'v1',
    inContextAccount: { entry: 's3:*', accountId: ids.management, decisions: [{ decision: management, others: 0 }, { decision: management, others: 12 }], more: 2 },
  });
  assert.ok(wildcard.includes('**In account `management` (999999999999), the context account:**\n- `s3:DeleteBucket`: **allowed**: the management account is not affected\n'
    + '- `s3:DeleteBucket` and 12 other actions: **allowed**: the management account is not affected\n- … and 2 more groups of actions.'), wildcard);
});

test('renderVersion names the version evaluated: the deployed policies, the deployed policy, this document in its place or where it is previewed', () => {
  const deployed = organization().graph.Policies.find((candidate) => candidate.Id === 'p-denydelete')!;
  const draft = (content: unknown) => ({ type: 'SERVICE_CONTROL_POLICY' as const, name: 'DenyBucketDeletion', content });
  const same = whatIf(organization(), draft(deployed.Content), deployed, undefined);
  assert.equal(renderVersion(same.organization, same.version), 'Evaluated: **the deployed policy**, SCP `DenyBucketDeletion`; this document has the same content.');
  const broken = whatIf(organization(), draft(undefined), deployed, undefined);
  assert.equal(renderVersion(broken.organization, broken.version), 'Evaluated: **the deployed policy**, SCP `DenyBucketDeletion`; this document does not parse.');
  const edited = whatIf(organization(), draft({ Version: '2012-10-17', Statement: [] }), deployed, undefined);
  assert.equal(renderVersion(edited.organization, edited.version), 'Evaluated: **this document, unsaved** (as it is now, not deployed), in place of the deployed SCP `DenyBucketDeletion`.');
  const newFile = { type: 'RESOURCE_CONTROL_POLICY' as const, name: 'guardrail', content: { Version: '2012-10-17', Statement: [] } };
  const alone = whatIf(organization(), newFile, undefined, undefined);
  assert.match(renderVersion(alone.organization, alone.version), /^Evaluated: \*\*the deployed policies\*\*; this document is not a policy of the organization\. \*\*Preview Attachment\.\.\.\*\*/);
  const previewed = whatIf(organization(), newFile, undefined, ids.sandbox);
  assert.equal(renderVersion(previewed.organization, previewed.version), 'Evaluated: **this document, unsaved** (as it is now), as RCP `guardrail` attached to OU `Sandbox` (ou-ab12-sandboxx).');
  const withoutRcps = sampleOrganization({ rcps: false });
  const disabled = whatIf(withoutRcps, newFile, undefined, ids.sandbox);
  assert.ok(renderVersion(disabled.organization, disabled.version).endsWith('RCPs are not enabled on the root, so it has no effect.'));
});

test('the attachment hover and CodeLens say where an SCP is attached, whom it governs, and what an edit changes', () => {
  const attached = attachedPolicy(organization(), 'SERVICE_CONTROL_POLICY', 'DenyBucketDeletion')!;
  const unchanged = renderAttachmentHover(organization(), attached, null);
  assert.equal(unchanged, '**SCP `DenyBucketDeletion`** (p-denydelete) is attached to OU `Workloads` (ou-ab12-workload). It governs 2 accounts (the management account is never affected).');
  assert.ok(renderAttachmentHover(organization(), attached, undefined).endsWith('_The document does not parse; fix it to see the impact of the change._'));
  const impact = policyEditImpact(organization(), 'p-denydelete', { Version: '2012-10-17', Statement: [] }, { actions: ['s3:DeleteBucket'] });
  assert.ok(renderAttachmentHover(organization(), attached, impact).includes('**Unsaved changes** compared with the deployed policy:\n\n2 account-action pairs gained, 0 lost.'));
  assert.equal(renderAttachmentLens(attached), 'DenyBucketDeletion: attached to 1 target, governs 2 accounts');
  assert.equal(renderImpactLens(impact), 'Unsaved change: 2 account-action pairs change access (2 gained, 0 lost)');
  const withoutRcps = sampleOrganization({ rcps: false, policies: [policy('p-rcp', 'DenyOutside', 'RESOURCE_CONTROL_POLICY', { Effect: 'Deny', Action: 's3:*', Resource: '*' })] });
  assert.ok(renderAttachmentHover(withoutRcps, attachedPolicy(withoutRcps, 'RESOURCE_CONTROL_POLICY', 'DenyOutside')!, null)
    .endsWith('is not attached anywhere. It governs 0 accounts (the management account is never affected). RCPs are not enabled on the root, so it has no effect.'));
});

test('a previewed document: its CodeLens names where it is previewed, its hover what attaching it there changes', () => {
  const draft = { type: 'SERVICE_CONTROL_POLICY' as const, name: 'guardrail', content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' }] } };
  const previewed = whatIf(organization(), draft, undefined, ids.workloads);
  assert.equal(previewed.version.kind, 'previewed');
  const reach = policyReach(previewed.organization, previewed.version.kind === 'previewed' ? previewed.version.policy : draft as never);
  assert.equal(renderPreviewLens(previewed.organization, reach), 'Previewing as attached to OU Workloads: governs 2 accounts');
  const impact = { policyId: 'p-thisdocument', changes: [{ actions: ['ec2:RunInstances'], before: 'allowed' as const, after: 'denied' as const, accounts: [ids.prodAccount, ids.devAccount] }], gained: 0, lost: 2 };
  assert.equal(renderPreviewHover(previewed.organization, previewed.version, impact).split('\n').slice(2).join('\n'),
    '**Attaching this document there**, compared with the organization as deployed:\n\n0 account-action pairs gained, 2 lost.\n- lost in 2 accounts: `ec2:RunInstances`');
});

test('reportMarkdown writes headings, paragraphs, lists and tables, escaping pipes in cells', () => {
  assert.equal(reportMarkdown([
    { kind: 'heading', level: 2, text: 'Why' },
    { kind: 'paragraph', text: 'Evaluated: **this**.' },
    { kind: 'list', items: ['one', 'two'] },
    { kind: 'table', columns: [{ title: 'Name' }, { title: 'Actions', numeric: true }], rows: [['`a|b`', '3']] },
  ]), '## Why\n\nEvaluated: **this**.\n\n- one\n- two\n\n| Name | Actions |\n|---|---:|\n| `a\\|b` | 3 |\n');
});
