/**
 * Commands on policies: create (from an example of its type, the active editor, whose file name gives the type and
 * name, or a file) and edit, attach (from the target or from the policy, to several targets at once) and detach, and
 * delete. AWS's rules are checked before the call: a policy attached twice, more than five of a type on one target,
 * a target left without any SCP, deleting a policy still attached. Attaching and detaching ask first, saying what the accounts below gain and lose.
 */
import * as vscode from 'vscode';
import type { AttachPolicyRequest, CreatePolicyRequest, CreatePolicyResponse, DeletePolicyRequest, DetachPolicyRequest, PolicyType, UpdatePolicyRequest } from '@aws-sdk/client-organizations';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { mutationRequest, policiesForTargetRequest, policyExampleContent, policyExamples, policyTypesRequest, targetsForPolicyRequest } from '../../../server/src/protocol';
import { describeFailure, errorMessage, Refusal } from '../failures';
import { log } from '../log';
import { comparePolicyTypes, nameAndId, policyTypeName } from '../tree/format';
import { AppliedPolicyNode } from '../tree/organizationNodes';
import { PolicyNode, PolicyTargetNode, PolicyTypeNode } from '../tree/policyNodes';
import { CommandFactory } from './commands';
import { confirm, confirmChange } from './confirm';
import { andList } from './hierarchy';
import { MultiStepInput } from './multiStepInput';
import { organizationPolicyOf } from './policyDocuments';
import { availableFirst, hierarchyItems, idOrPick, idsOrPick, inputOf, nameOf, nodeId, places, policyItems } from './prompts';
import { check, problem } from './validation';

/** AWS's quota of policies of one type attached directly to a root, OU or account. */
const MAX_ATTACHED_PER_TYPE = 5;

/**
 * A policy's content: one of AWS's examples of its type, the active editor, or a file the user picks; when editing,
 * or when a flow is reopened, what it has now (`current`) is offered first, and an active editor whose file name
 * says it is a policy of this type (`editorIsOfType`) comes before the examples.
 */
async function contentFromUser(input: MultiStepInput, type: string, current?: string, currentLabel = 'Keep what you had', editorIsOfType = false): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  type Source = vscode.QuickPickItem & { content?: string; source: 'content' | 'editor' | 'file'; unavailable?: string };
  const editorItems: Source[] = editor ? [{
    label: `$(file) ${vscode.workspace.asRelativePath(editor.document.uri)}`, description: 'the active editor', source: 'editor',
    ...(editor.document.getText().trim() ? {} : { unavailable: 'it is empty: start from an example, or type one of the examples\' snippets in it' }),
  }] : [];
  const items: Source[] = [
    ...(current !== undefined ? [{ label: `$(history) ${currentLabel}`, description: `${current.length} characters`, content: current, source: 'content' as const }] : []),
    ...(editorIsOfType ? editorItems : []),
    ...(policyExamples[type as PolicyType] ?? []).map((example) => ({ label: `$(file-code) ${example.label}`, detail: example.detail, content: policyExampleContent(example), source: 'content' as const })),
    ...(editorIsOfType ? [] : editorItems),
    { label: '$(folder-opened) Choose a file…', source: 'file' as const },
  ];
  const [picked] = await input.showQuickPick({ placeholder: 'Start from (the policy document, JSON)', items });
  if (picked.source === 'content') return picked.content;
  if (picked.source === 'editor') return editor!.document.getText();
  const [file] = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Policy documents': ['json'] }, title: 'The policy document' }) ?? [];
  if (!file) throw new vscode.CancellationError();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
}

/** The policies of one type attached directly to a target. */
async function attachedDirectly(client: BaseLanguageClient, targetId: string, type: string | undefined) {
  return (await client.sendRequest(policiesForTargetRequest, { targetId })).filter((applied) => !applied.inherited && applied.policy.Type === type);
}

/** The policy and target of an attachment, from a node of either side or the input. */
function attachmentOf(arg: unknown, given: Partial<AttachPolicyRequest>): Partial<AttachPolicyRequest> {
  if (arg instanceof AppliedPolicyNode) return { PolicyId: arg.applied.policy.Id, TargetId: arg.applied.inherited ? undefined : arg.target.awsId };
  if (arg instanceof PolicyTargetNode) return { PolicyId: arg.policy.awsId, TargetId: arg.target.TargetId };
  if (arg instanceof PolicyNode) return { PolicyId: arg.awsId };
  const id = nodeId(arg);
  return id ? { TargetId: id } : given;
}

/** Runs one call per target; with several, a failure names the targets it failed for, after the others were done. */
async function eachTarget<T extends { id: string; name: string }>(verb: string, targets: readonly T[], call: (target: T) => Promise<unknown>): Promise<void> {
  if (targets.length === 1) {
    await call(targets[0]);
    return;
  }
  const failures: string[] = [];
  for (const target of targets) {
    try {
      await call(target);
    } catch (error) {
      log.error(`${verb} failed for ${target.id}: ${errorMessage(error)}`);
      failures.push(`${target.name}: ${describeFailure(error)}`);
    }
  }
  if (failures.length) throw new Error(`${verb} failed for ${failures.join('; ')}`);
}

export const policyCommands: Record<string, CommandFactory> = {
  'awsOrganizations.createPolicy': ({ client }) => async function createPolicy(arg?: unknown): Promise<unknown> {
    const given = inputOf<CreatePolicyRequest & { reopened: boolean }>(arg);
    const state: Partial<CreatePolicyRequest> = { ...given, Type: arg instanceof PolicyTypeNode ? arg.info.type : given.Type };
    // A flow reopened after a failure asks every question again, with the answers given before.
    const prompted = given.Name === undefined || given.reopened === true;
    // A policy file in the active editor (deny-regions.scp.json) offers its type, its content and its name first.
    const editor = vscode.window.activeTextEditor;
    const editorPolicy = prompted && !state.Type && editor ? await organizationPolicyOf(client, editor.document) : undefined;
    await MultiStepInput.run('Create Policy', [
      {
        when: () => !state.Type || given.reopened === true,
        run: async (input) => {
          const types = client.sendRequest(policyTypesRequest).then((infos) => [...infos].sort((a, b) => comparePolicyTypes(a.type, b.type)).map((info) => ({
            id: info.type, label: policyTypeName(info.type),
            description: info.type === editorPolicy?.type ? `${info.type} · the active editor's, by its file name` : info.type,
            ...(info.status === 'ENABLED' ? {} : { unavailable: 'not enabled in this organization: run Enable Policy Type first', detail: '$(circle-slash) Not enabled: run Enable Policy Type first' }),
          })).sort((a, b) => Number(b.id === editorPolicy?.type) - Number(a.id === editorPolicy?.type)));
          state.Type = (await input.showQuickPick({ placeholder: 'The policy type', items: types.then(availableFirst) }))[0].id as PolicyType;
        },
      },
      {
        when: () => prompted,
        run: async (input) => { state.Content = await contentFromUser(input, state.Type!, given.reopened ? state.Content : undefined, undefined, state.Type === editorPolicy?.type); },
      },
      {
        when: () => prompted,
        run: async (input) => {
          const value = state.Name ?? (state.Type === editorPolicy?.type && state.Content === editor?.document.getText() ? editorPolicy?.name : undefined);
          state.Name = await input.showInputBox({ prompt: 'The policy name', value, validate: (name) => problem('policyName', 'A policy name', name) });
        },
      },
      { when: () => prompted, run: async (input) => { state.Description = await input.showInputBox({ prompt: 'A description (optional)', value: state.Description, validate: (value) => (value ? problem('policyDescription', 'The description', value) : undefined) }); } },
    ], state);
    if (!state.Content) throw new Refusal('InvalidInputException', 'A new policy needs content: a policy document in JSON.');
    const request: CreatePolicyRequest = {
      Name: check('policyName', 'A policy name', state.Name), Description: state.Description ?? '', Type: state.Type as PolicyType, Content: state.Content,
      ...(state.Tags?.length ? { Tags: state.Tags } : {}),
    };
    let created: CreatePolicyResponse;
    try {
      created = await client.sendRequest(mutationRequest('CreatePolicy'), request);
    } catch (error) {
      if (!prompted) throw error;
      // Nothing typed is lost: the failure offers the wizard again, with every answer in place.
      log.error(`CreatePolicy ${request.Name} failed: ${errorMessage(error)}`);
      const choice = await vscode.window.showErrorMessage(describeFailure(error), 'Edit and Try Again', 'Show Log');
      if (choice === 'Show Log') log.show();
      if (choice !== 'Edit and Try Again') throw new vscode.CancellationError();
      return createPolicy({ ...request, reopened: true });
    }
    const id = created.Policy?.PolicySummary?.Id;
    log.info(`Created the policy ${id} (${request.Name}, ${request.Type})`);
    void vscode.window.showInformationMessage(`Created the policy ${nameAndId(request.Name, id)}. Attach it to a root, OU or account for it to take effect.`, 'Attach...')
      .then((choice) => choice && vscode.commands.executeCommand('awsOrganizations.attachPolicy', { PolicyId: id }));
    return created.Policy;
  },

  'awsOrganizations.editPolicy': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<UpdatePolicyRequest>(arg);
    const policyId = await idOrPick('Edit Policy', nodeId(arg) ?? given.PolicyId, { placeholder: 'The policy to edit', items: policyItems(client) });
    const { Policy: current } = await client.sendRequest(mutationRequest('DescribePolicy'), { PolicyId: policyId });
    const summary = current?.PolicySummary;
    if (summary?.AwsManaged) throw new Refusal('AccessDeniedException', `${nameAndId(summary.Name, policyId)} is managed by AWS: it cannot be changed.`);
    const state: Partial<UpdatePolicyRequest> = { ...given };
    if (given.Name === undefined && given.Description === undefined && given.Content === undefined) {
      await MultiStepInput.run('Edit Policy', [
        { run: async (input) => { state.Name = await input.showInputBox({ prompt: 'The policy name', value: summary?.Name, validate: (value) => problem('policyName', 'A policy name', value) }); } },
        { run: async (input) => { state.Description = await input.showInputBox({ prompt: 'The description', value: summary?.Description, validate: (value) => (value ? problem('policyDescription', 'The description', value) : undefined) }); } },
        { run: async (input) => { state.Content = await contentFromUser(input, summary?.Type ?? '', current?.Content ?? '', 'Keep the current content'); } },
      ], state);
    }
    const { Policy } = await client.sendRequest(mutationRequest('UpdatePolicy'), {
      PolicyId: policyId,
      ...(state.Name !== undefined && state.Name !== summary?.Name ? { Name: check('policyName', 'A policy name', state.Name) } : {}),
      ...(state.Description !== undefined && state.Description !== summary?.Description ? { Description: state.Description } : {}),
      ...(state.Content !== undefined && state.Content !== current?.Content ? { Content: state.Content } : {}),
    });
    log.info(`Updated the policy ${policyId}`);
    void vscode.window.showInformationMessage(`Updated the policy ${nameAndId(Policy?.PolicySummary?.Name, policyId)}.`);
    return Policy;
  },

  'awsOrganizations.attachPolicy': ({ client }) => async (arg?: unknown, selected?: unknown) => {
    const raw = inputOf<AttachPolicyRequest & { TargetIds: string[] }>(arg);
    const given = attachmentOf(arg, raw);
    // From the Organization view with several roots, OUs or accounts selected, VS Code passes the selection too.
    const fromView = Array.isArray(selected) ? selected.map(nodeId).filter((id): id is string => id !== undefined) : [];
    const givenTargets = fromView.length ? fromView : raw.TargetIds ?? (given.TargetId ? [given.TargetId] : undefined);
    const targetNames = givenTargets && andList(await Promise.all(givenTargets.map((id) => nameOf(client, id))));
    const policyId = await idOrPick('Attach Policy', given.PolicyId, { placeholder: `The policy to attach${targetNames ? ` to ${targetNames}` : ''}`, items: policyItems(client) });
    const { Policy } = await client.sendRequest(mutationRequest('DescribePolicy'), { PolicyId: policyId });
    const type = Policy?.PolicySummary?.Type;
    const policy = nameAndId(Policy?.PolicySummary?.Name, policyId);
    const attachedTo = new Set((await client.sendRequest(targetsForPolicyRequest, { policyId })).map((target) => target.TargetId));
    const targetIds = await idsOrPick('Attach Policy', givenTargets, {
      placeholder: `Where to attach ${policy} (Space selects several)`, canPickMany: true,
      items: hierarchyItems(client, ['root', 'organizationalUnit', 'account'], { unavailable: (place) => (attachedTo.has(place.id) ? `${policy} is attached here already` : undefined) }),
    });
    const targets = await Promise.all(targetIds.map(async (id) => ({ id, name: await nameOf(client, id) })));
    for (const target of targets) {
      if (attachedTo.has(target.id)) throw new Refusal('DuplicatePolicyAttachmentException', `${policy} is already attached to ${target.name}.`);
      const attached = await attachedDirectly(client, target.id, type);
      if (attached.length >= MAX_ATTACHED_PER_TYPE) {
        throw new Refusal('ConstraintViolationException', `${target.name} already has ${attached.length} ${policyTypeName(type).toLowerCase()} attached directly; AWS allows ${MAX_ATTACHED_PER_TYPE}.`, 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      }
    }
    const where = andList(targets.map((target) => target.name));
    await confirmChange(client, { kind: 'attach', policyId, targetIds }, `Attach ${policy} to ${where}?`, '', 'Attach', { confirmed: raw.confirmed });
    await eachTarget('Attach', targets, (target) => client.sendRequest(mutationRequest('AttachPolicy'), { PolicyId: policyId, TargetId: target.id }));
    log.info(`Attached ${policyId} to ${targetIds.join(', ')}`);
    void vscode.window.showInformationMessage(`Attached ${policy} to ${where}.`);
  },

  'awsOrganizations.detachPolicy': ({ client }) => async (arg?: unknown) => {
    const raw = inputOf<DetachPolicyRequest & { TargetIds: string[] }>(arg);
    if (arg instanceof AppliedPolicyNode && arg.applied.inherited) {
      throw new Refusal('PolicyNotAttachedException', `${nameAndId(arg.applied.policy.Name, arg.applied.policy.Id)} is inherited from ${arg.applied.attachedTo.name}: detach it there.`);
    }
    const given = attachmentOf(arg, raw);
    let targetIds = raw.TargetIds ?? (given.TargetId ? [given.TargetId] : undefined);
    let policyId = given.PolicyId;
    if (policyId && !targetIds) {
      // From a policy: pick among the targets it is attached to.
      const attachedTo = await client.sendRequest(targetsForPolicyRequest, { policyId });
      const order = new Map((await places(client)).map((place, index) => [place.id, index]));
      attachedTo.sort((a, b) => (order.get(a.TargetId!) ?? 0) - (order.get(b.TargetId!) ?? 0));
      targetIds = await idsOrPick('Detach Policy', undefined, {
        placeholder: `Where to detach ${policyId} from (Space selects several)`, canPickMany: true,
        items: Promise.all(attachedTo.map(async (target) => ({ id: target.TargetId!, label: await nameOf(client, target.TargetId!), description: target.TargetId }))),
      });
    }
    targetIds ??= [await idOrPick('Detach Policy', undefined, { placeholder: 'The root, OU or account to detach a policy from', items: hierarchyItems(client, ['root', 'organizationalUnit', 'account']) })];
    const applied = await Promise.all(targetIds.map(async (id) => ({ id, name: await nameOf(client, id), attached: (await client.sendRequest(policiesForTargetRequest, { targetId: id })).filter((item) => !item.inherited) })));
    policyId ??= await idOrPick('Detach Policy', undefined, {
      placeholder: `The policy to detach from ${applied[0].name}`,
      items: applied[0].attached.map((item) => ({ id: item.policy.Id!, label: nameAndId(item.policy.Name, item.policy.Id), description: policyTypeName(item.policy.Type) })),
    });
    let policy = policyId;
    for (const target of applied) {
      const attachment = target.attached.find((item) => item.policy.Id === policyId);
      if (!attachment) throw new Refusal('PolicyNotAttachedException', `${policyId} is not attached directly to ${target.name}.`);
      policy = nameAndId(attachment.policy.Name, policyId);
      if (attachment.policy.Type === 'SERVICE_CONTROL_POLICY' && target.attached.filter((item) => item.policy.Type === 'SERVICE_CONTROL_POLICY').length === 1) {
        throw new Refusal('ConstraintViolationException',
          `${policy} is the last SCP attached to ${target.name}: every root, OU and account keeps at least one. Attach another SCP first.`, 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      }
    }
    const where = andList(applied.map((target) => target.name));
    await confirmChange(client, { kind: 'detach', policyId, targetIds }, `Detach ${policy} from ${where}?`, '', 'Detach', { confirmed: raw.confirmed });
    await eachTarget('Detach', applied, (target) => client.sendRequest(mutationRequest('DetachPolicy'), { PolicyId: policyId, TargetId: target.id }));
    log.info(`Detached ${policyId} from ${targetIds.join(', ')}`);
    void vscode.window.showInformationMessage(`Detached ${policy} from ${where}.`);
  },

  'awsOrganizations.deletePolicy': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<DeletePolicyRequest>(arg);
    const policyId = await idOrPick('Delete Policy', nodeId(arg) ?? given.PolicyId, { placeholder: 'The policy to delete (it must be detached everywhere)', items: policyItems(client) });
    const { Policy } = await client.sendRequest(mutationRequest('DescribePolicy'), { PolicyId: policyId });
    const policy = nameAndId(Policy?.PolicySummary?.Name, policyId);
    if (Policy?.PolicySummary?.AwsManaged) throw new Refusal('AccessDeniedException', `${policy} is managed by AWS: it cannot be deleted.`);
    const targets = await client.sendRequest(targetsForPolicyRequest, { policyId });
    if (targets.length) {
      throw new Refusal('PolicyInUseException', `${policy} is attached to ${targets.map((target) => nameAndId(target.Name, target.TargetId)).join(', ')}: detach it everywhere first.`);
    }
    await confirm(`Delete the policy ${policy}?`, 'This cannot be undone.', 'Delete', given.confirmed);
    await client.sendRequest(mutationRequest('DeletePolicy'), { PolicyId: policyId });
    log.info(`Deleted the policy ${policyId}`);
    void vscode.window.showInformationMessage(`Deleted the policy ${policy}.`);
  },
};
