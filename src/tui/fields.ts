// The text field that has the keyboard, if one does: the filter, the help's or the log's
// search, an answer typed in the inbox, or a typed field of the new-agent form. One
// model for all of them, so every field edits the same way (src/text/edit.ts).
import type { AppState } from '../store/store.js';
import { isTextField } from '../store/ui.js';
import { caretIn } from '../text/edit.js';

export type FieldId = 'filter' | 'help' | 'pager' | 'inbox' | 'form.dir' | 'form.name' | 'form.prompt';

export interface ActiveField {
  id: FieldId;
  value: string;
  /** Holds several lines (the prompt): a paste keeps its newlines, Enter adds one. */
  multiline: boolean;
}

type FieldState = Pick<AppState, 'mode' | 'filter' | 'helpEditing' | 'helpQuery' | 'pager' | 'inbox' | 'form'>;

export function activeField(s: FieldState): ActiveField | null {
  switch (s.mode) {
    case 'filter':
      return { id: 'filter', value: s.filter, multiline: false };
    case 'help':
      return s.helpEditing ? { id: 'help', value: s.helpQuery, multiline: false } : null;
    case 'pager':
      return s.pager?.editing ? { id: 'pager', value: s.pager.query, multiline: false } : null;
    case 'inbox':
      return s.inbox.draft !== null ? { id: 'inbox', value: s.inbox.draft, multiline: false } : null;
    case 'form': {
      const form = s.form;
      if (!form || form.submitting || form.discarding || !isTextField(form.field)) return null;
      return { id: `form.${form.field}`, value: form[form.field], multiline: form.field === 'prompt' };
    }
    default:
      return null;
  }
}

/** Where the caret of `field` is (at the end unless it was moved). */
export function caretOf(s: Pick<AppState, 'caret'>, field: FieldId, value: string): number {
  return caretIn(value, s.caret?.field === field ? s.caret.at : null);
}
