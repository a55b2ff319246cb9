// Every text field edits the same way (the filter, the help's search shown here; the
// form, the log search and the inbox answer in actions.test.tsx), and the mouse.
import { afterEach, describe, expect, it } from 'vitest';
import { fleetOfEveryState } from '../helpers/fleet-views.js';
import { KEYS, plain, renderApp, type Rendered } from '../helpers/render-app.js';

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

const CTRL = { a: '\x01', e: '\x05', u: '\x15', k: '\x0b', w: '\x17', d: '\x04', b: '\x02', f: '\x06' } as const;
const ALT = { b: '\x1bb', f: '\x1bf', d: '\x1bd', backspace: '\x1b\x7f' } as const;
const DELETE = '\x1b[3~';

async function filterOpen(): Promise<Rendered> {
  const r = renderApp(fleetOfEveryState(), { columns: 100, rows: 32 });
  await r.waitForFrame((f) => f.includes('claude-wait'));
  await r.press('/');
  await r.waitForFrame((f) => f.includes('Enter keeps'));
  return r;
}

/** The filter as typed, with the caret as |. */
const filterShown = (r: Rendered) => {
  const s = r.store.getState();
  const chars = [...s.filter];
  const at = s.caret?.field === 'filter' ? Math.min(s.caret.at, chars.length) : chars.length;
  return [...chars.slice(0, at), '|', ...chars.slice(at)].join('');
};

describe('a text field', () => {
  it('moves its caret with arrows, Home/End and Ctrl-A/E, and types where the caret is', async () => {
    const r = (app = await filterOpen());
    await r.press(...'tate:crashed');
    await r.press(KEYS.home, 's');
    expect(filterShown(r)).toBe('s|tate:crashed');
    await r.press(CTRL.a, '-');
    expect(filterShown(r)).toBe('-|state:crashed');
    await r.press(CTRL.e, KEYS.left, KEYS.left, KEYS.right);
    expect(filterShown(r)).toBe('-state:crashe|d');
    await r.press(KEYS.end);
    expect(filterShown(r)).toBe('-state:crashed|');
    await r.press(CTRL.b, CTRL.f, CTRL.b);
    expect(filterShown(r)).toBe('-state:crashe|d');
    // The caret is drawn where it is: a reverse-video cell on the d.
    await r.waitForFrame((f) => plain(f).includes('/-state:crashed  6 of 7'));
  });

  it('deletes with Backspace and Delete (told apart by their bytes), Ctrl-U/K/W and Alt-D', async () => {
    const r = (app = await filterOpen());
    await r.press(...'agent:codex state:done');
    await r.press(ALT.b, ALT.b);
    expect(filterShown(r)).toBe('agent:codex |state:done');
    await r.press(ALT.b);
    expect(filterShown(r)).toBe('agent:|codex state:done');
    await r.press(ALT.f, ALT.f);
    expect(filterShown(r)).toBe('agent:codex state|:done');
    // Backspace (DEL) deletes before the caret; Delete (ESC[3~) the character under it.
    await r.press(KEYS.backspace);
    expect(filterShown(r)).toBe('agent:codex stat|:done');
    await r.press(DELETE);
    expect(filterShown(r)).toBe('agent:codex stat|done');
    await r.press(CTRL.d);
    expect(filterShown(r)).toBe('agent:codex stat|one');
    await r.press(CTRL.k);
    expect(filterShown(r)).toBe('agent:codex stat|');
    await r.press(CTRL.w);
    expect(filterShown(r)).toBe('agent:codex |');
    await r.press(KEYS.home, ALT.d);
    expect(filterShown(r)).toBe('|:codex ');
    await r.press(KEYS.end, KEYS.backspace, ALT.backspace);
    expect(filterShown(r)).toBe('|');
    await r.press(...'x y', KEYS.left, CTRL.u);
    expect(filterShown(r)).toBe('|y');
    await r.press(CTRL.k);
    // The list follows the filter as it is edited.
    await r.press(...'crash');
    await r.waitForFrame((f) => f.includes('1 of 7'));
  });

  it('takes a paste at the caret as one line, never as keys', async () => {
    const r = (app = await filterOpen());
    await r.press(...'state:');
    await r.press(KEYS.home);
    await r.press('\x1b[200~-agent:codex \r\n\x1b[201~');
    expect(filterShown(r)).toBe('-agent:codex |state:');
    expect(r.store.getState().mode).toBe('filter');
  });

  it('keeps Esc then a key, typed fast, as the two keys outside a field', async () => {
    const r = (app = renderApp(fleetOfEveryState(), { columns: 100, rows: 32 }));
    await r.waitForFrame((f) => f.includes('claude-wait'));
    // ESC / arrives as Alt-/: in the list that is Esc (nothing to clear), then / (the filter).
    await r.press('\x1b/');
    await r.waitForFrame((f) => f.includes('Enter keeps'));
    expect(r.store.getState().mode).toBe('filter');
    // In a field, Alt-B is a word move; ESC z is Esc (clear the filter), then z.
    await r.press(...'ab');
    await r.press('\x1bz');
    await r.waitForFrame(() => r.store.getState().mode === 'normal');
    expect(r.store.getState().filter).toBe('');
  });

  it("the help's search edits the same way", async () => {
    const r = (app = renderApp(fleetOfEveryState(), { columns: 160, rows: 45 }));
    await r.waitForFrame((f) => f.includes('claude-wait'));
    await r.press('?', '/', ...'clipbord');
    await r.press(KEYS.left, KEYS.left, 'a');
    await r.waitForFrame((f) => f.includes('1 key match'));
    expect(r.store.getState().helpQuery).toBe('clipboard');
    // ^U deletes up to the caret (after the a): the rest stays.
    await r.press(CTRL.u);
    expect(r.store.getState().helpQuery).toBe('rd');
    await r.press(CTRL.e, CTRL.u);
    await r.waitForFrame((f) => f.includes('/ search') || !f.includes('key match'));
    expect(r.store.getState().helpQuery).toBe('');
  });
});

describe('the mouse', () => {
  // 100×32 with 7 agents: the header on row 0, the list's border and column titles on
  // rows 1-2, agents from row 3; the detail panel's 36 columns and the output on rows
  // 11-22 beside it, the events below.
  const click = (x: number, y: number) => `\x1b[<0;${x + 1};${y + 1}M`;
  const release = (x: number, y: number) => `\x1b[<0;${x + 1};${y + 1}m`;
  const wheel = (x: number, y: number, down: boolean) => `\x1b[<${down ? 65 : 64};${x + 1};${y + 1}M`;

  it('selects the agent clicked, focuses the panel clicked, and scrolls the panel under the wheel', async () => {
    const r = (app = renderApp(fleetOfEveryState(), { columns: 100, rows: 32 }));
    await r.waitForFrame((f) => f.includes('claude-wait'));
    const ids = r.store.getState().visibleIds;
    await r.press(click(20, 5), release(20, 5));
    expect(r.store.getState().selectedId).toBe(ids[2]);
    const name = r.store.getState().agents[ids[2]!]!.name;
    await r.waitForFrame((f) => f.includes(`detail · ${name}`));
    // The wheel over the list moves the selection.
    await r.press(wheel(20, 5, true), wheel(20, 5, true));
    expect(r.store.getState().selectedId).toBe(ids[4]);
    await r.press(wheel(20, 5, false));
    expect(r.store.getState().selectedId).toBe(ids[3]);
    // A click on the output panel focuses it; on the events panel, that one.
    await r.press(click(60, 15));
    expect(r.store.getState().focus).toBe('output');
    await r.press(click(60, 26));
    expect(r.store.getState().focus).toBe('events');
    // The detail panel (left of the output) takes focus too: Enter there describes.
    await r.press(click(10, 15));
    expect(r.store.getState().focus).toBe('detail');
    await r.press(click(20, 4));
    expect(r.store.getState().focus).toBe('list');
    expect(r.store.getState().selectedId).toBe(ids[1]);
    // No report is ever read as keys (M, ;, digits…): nothing else happened.
    expect(r.store.getState().mode).toBe('normal');
    expect(r.store.getState().message).toBeNull();
  });

  it('scrolls the output under the wheel, and the zoomed output and help full screen', async () => {
    const r = (app = renderApp(fleetOfEveryState(), { columns: 100, rows: 32 }));
    await r.waitForFrame((f) => f.includes('claude-wait'));
    r.store.getState().outputRead({ agentId: r.store.getState().selectedId!, source: 'pane', title: 'pane %1', lines: Array.from({ length: 200 }, (_, i) => `line ${i}`), at: 0 });
    await r.waitForFrame((f) => f.includes('line 199'));
    await r.press(wheel(60, 15, false), wheel(60, 15, false));
    expect(r.store.getState().scroll.output).toBe(6);
    await r.waitForFrame((f) => f.includes('line 193') && !f.includes('line 199'));
    await r.press(wheel(60, 15, true));
    expect(r.store.getState().scroll.output).toBe(3);
    await r.press(KEYS.enter);
    await r.waitForFrame(() => r.store.getState().mode === 'zoom');
    await r.press(wheel(10, 10, false));
    expect(r.store.getState().scroll.zoom).toBe(3);
    await r.press(KEYS.escape, '?', wheel(10, 10, true));
    expect(r.store.getState().scroll.help).toBe(3);
  });
});
