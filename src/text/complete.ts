// Tab completion of a directory name, as a shell does it. Pure: the directory listing
// comes from the caller.

export interface Completion {
  /** The field's new text (unchanged when nothing could be added). */
  value: string;
  /** The directories it could still become, when there are several. */
  choices: string[];
}

/**
 * Complete the last part of `value` against the directories in its parent. `home`
 * expands a leading ~ for the lookup (the text keeps the ~); a relative path is looked
 * up from `base`. `list` names the subdirectories of a directory, or null when it cannot.
 */
export function completeDir(value: string, list: (dir: string) => readonly string[] | null, options: { home?: string; base: string }): Completion {
  const cut = value.lastIndexOf('/');
  const parentText = cut === -1 ? '' : value.slice(0, cut + 1);
  const prefix = value.slice(cut + 1);
  let parent = parentText === '' ? options.base : parentText;
  if (options.home && (parent === '~/' || parent.startsWith('~/'))) parent = options.home + parent.slice(1);
  else if (!parent.startsWith('/')) parent = `${options.base.replace(/\/$/, '')}/${parent}`;
  // "~" alone completes to "~/".
  if (value === '~' && options.home) return { value: '~/', choices: [] };
  const lookup = parent.length > 1 ? parent.replace(/\/+$/, '') : parent;
  const names = (list(lookup) ?? []).filter((n) => n.startsWith(prefix) && (prefix.startsWith('.') || !n.startsWith('.'))).sort();
  if (names.length === 0) return { value, choices: [] };
  if (names.length === 1) return { value: `${parentText}${names[0]}/`, choices: [] };
  let common = names[0] ?? '';
  for (const n of names) while (!n.startsWith(common)) common = common.slice(0, -1);
  return { value: `${parentText}${common.length > prefix.length ? common : prefix}`, choices: names };
}
