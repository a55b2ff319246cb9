import { Text } from 'ink';
import { displayKey, KEYMAP, type Binding, type FooterView, type Group } from '../src/keymap/keymap.js';
import { cellWidth } from '../src/text/width.js';
import { useController } from './context.js';
import { useAppState } from './hooks/useApp.js';

const PRIORITY: Group[] = ['Confirm', 'Form', 'Pager', 'Agents', 'Filter', 'View', 'Navigate', 'App'];

export interface Hint {
  key: string;
  label: string;
  disabled: boolean;
}

/** The footer's hints for a mode, most useful first, fitted to the width (help and quit always stay). */
export function footerHints(view: FooterView, width: number, isDisabled: (b: Binding) => boolean): Hint[] {
  const bindings = KEYMAP.filter((b) => b.footer && b.modes.includes(view.mode) && (b.footerWhen?.(view) ?? true)).sort(
    (a, b) => PRIORITY.indexOf(a.group) - PRIORITY.indexOf(b.group),
  );
  const all = bindings.map((b) => ({ key: displayKey(b.keys[0] ?? ''), label: b.label, disabled: isDisabled(b), id: b.id }));
  const keep = all.filter((h) => h.id === 'view.help' || h.id === 'app.quit');
  const size = (h: Hint) => cellWidth(h.key) + 1 + cellWidth(h.label) + 2;
  let used = keep.reduce((n, h) => n + size(h), 0);
  const out: Hint[] = [];
  for (const h of all) {
    if (keep.includes(h)) {
      out.push(h);
      continue;
    }
    if (used + size(h) > width) continue;
    used += size(h);
    out.push(h);
  }
  return out.map(({ key, label, disabled }) => ({ key, label, disabled }));
}

export function Footer({ width }: { width: number }) {
  const controller = useController();
  const mode = useAppState((s) => s.mode);
  const filter = useAppState((s) => s.filter);
  // Availability depends on the selected agent and its state.
  useAppState((s) => (s.selectedId ? s.agents[s.selectedId]?.state : null));
  useAppState((s) => s.marked);
  const hints = footerHints({ mode, filter }, width - 1, (b) => controller.unavailable(b.id) !== null);
  return (
    <Text wrap="truncate">
      {' '}
      {hints.map((h, i) => (
        <Text key={i}>
          <Text color={h.disabled ? 'gray' : 'cyanBright'} bold={!h.disabled} dimColor={h.disabled}>
            {h.key}
          </Text>
          <Text color="gray" dimColor={h.disabled}>
            {' '}
            {h.label}
            {'  '}
          </Text>
        </Text>
      ))}
    </Text>
  );
}
