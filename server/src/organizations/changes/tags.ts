/** The cache after tags are added or removed (as `emulator/operations/tags.ts`). */
import { type ChangeRecorder, type ChangeTable, field } from './change';

const tagsChanged: ChangeRecorder = ({ cache, input }) => {
  const resourceId = field(input, 'ResourceId')!;
  cache.tagLists.delete(resourceId);
  return { scopes: ['hierarchy'], ids: [resourceId] };
};

export const tagChanges: ChangeTable = {
  TagResource: tagsChanged,
  UntagResource: tagsChanged,
};
