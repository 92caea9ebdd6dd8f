/**
 * Tags on roots, OUs, accounts and policies: tag (key=value pairs, checked against AWS's lengths and its
 * quota of 50 tags per resource) and untag (a picker of the resource's keys, or the keys given).
 */
import * as vscode from 'vscode';
import type { Tag, TagResourceRequest, UntagResourceRequest } from '@aws-sdk/client-organizations';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { mutationRequest, tagsRequest } from '../../../server/src/protocol';
import { Refusal } from '../failures';
import { log } from '../log';
import { CommandFactory } from './commands';
import { MultiStepInput } from './multiStepInput';
import { hierarchyItems, idOrPick, inputOf, nodeId } from './prompts';
import { MAX_TAGS, parseTags, tagsProblem } from './validation';

/** The tags a root, OU, account or policy has now, as the server reports them. */
function currentTags(client: BaseLanguageClient, id: string): Promise<Tag[]> {
  return client.sendRequest(tagsRequest, { resourceId: id });
}

/** The resource a tag command acts on: the node, the given ID, or one picked. */
function resourceOf(client: BaseLanguageClient, title: string, arg: unknown, given: string | undefined): Promise<string> {
  return idOrPick(title, nodeId(arg) ?? given, { placeholder: 'The root, OU or account', items: hierarchyItems(client, ['root', 'organizationalUnit', 'account']) });
}

export const tagCommands: Record<string, CommandFactory> = {
  'awsOrganizations.tagResource': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<TagResourceRequest>(arg);
    const id = await resourceOf(client, 'Tag Resource', arg, given.ResourceId);
    const tags = given.Tags ?? parseTags((await MultiStepInput.run<{ text?: string }>('Tag Resource', [{
      run: async (input, state) => {
        state.text = await input.showInputBox({ prompt: `Tags for ${id}: key=value, separated by commas`, placeholder: 'team=payments, env=prod', validate: (value) => (value ? tagsProblem(value) : 'Enter at least one tag.') });
      },
    }], {})).text ?? '');
    const found = tagsProblem(tags.map((tag) => `${tag.Key}=${tag.Value}`).join(','));
    if (found || !tags.length) throw new Refusal('InvalidInputException', found ?? 'Give at least one tag.');
    const keys = new Set([...(await currentTags(client, id)).map((tag) => tag.Key), ...tags.map((tag) => tag.Key)]);
    if (keys.size > MAX_TAGS) throw new Refusal('ConstraintViolationException', `${id} would have ${keys.size} tags; AWS allows ${MAX_TAGS} per resource.`, 'MAX_TAG_LIMIT_EXCEEDED');
    await client.sendRequest(mutationRequest('TagResource'), { ResourceId: id, Tags: tags });
    log.info(`Tagged ${id}: ${tags.map((tag) => `${tag.Key}=${tag.Value}`).join(', ')}`);
    void vscode.window.showInformationMessage(`Tagged ${id} with ${tags.map((tag) => tag.Key).join(', ')}.`);
  },

  'awsOrganizations.untagResource': ({ client }) => async (arg?: unknown) => {
    const given = inputOf<UntagResourceRequest>(arg);
    const id = await resourceOf(client, 'Untag Resource', arg, given.ResourceId);
    const keys = given.TagKeys ?? (await MultiStepInput.run<{ keys?: string[] }>('Untag Resource', [{
      run: async (input, state) => {
        const items = currentTags(client, id).then((tags) => tags.map((tag) => ({ label: tag.Key ?? '', description: tag.Value })));
        state.keys = (await input.showQuickPick({ placeholder: `The tags to remove from ${id}`, items, canPickMany: true })).map((item) => item.label);
      },
    }], {})).keys ?? [];
    if (!keys.length) throw new Refusal('InvalidInputException', 'Give at least one tag key to remove.');
    await client.sendRequest(mutationRequest('UntagResource'), { ResourceId: id, TagKeys: keys });
    log.info(`Removed the tags ${keys.join(', ')} from ${id}`);
    void vscode.window.showInformationMessage(`Removed ${keys.join(', ')} from ${id}.`);
  },
};
