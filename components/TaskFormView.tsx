import { Box, Text } from 'ink';
import { AUTONOMY_HELP, AUTONOMY_LEVELS } from '../src/agents/autonomy.js';
import { LAUNCHABLE_KINDS } from '../src/agents/index.js';
import { canRunInteractive } from '../src/tui/actions.js';
import { FORM_FIELDS, type FormField } from '../src/store/ui.js';
import type { Rect } from '../src/tui/layout.js';
import { useAppState } from './hooks/useApp.js';
import { Panel } from './Panel.js';
import { CaretText, TextField } from './TextField.js';
import { caretOf } from '../src/tui/fields.js';


const LABELS: Record<FormField, string> = { host: 'host', agent: 'agent', dir: 'directory', name: 'name', autonomy: 'autonomy', mode: 'mode', prompt: 'prompt' };

/** The new-task form: agent, directory, name (checked as you type) and a multi-line prompt. */
export function TaskFormView({ rect }: { rect: Rect }) {
  const form = useAppState((s) => s.form);
  const hosts = useAppState((s) => s.hosts);
  const promptCaret = useAppState((s) => (s.form ? caretOf(s, 'form.prompt', s.form.prompt) : 0));
  if (!form) return null;
  const hostNames = ['local', ...Object.keys(hosts)];
  const inner = rect.width - 4;
  const promptRows = Math.max(3, rect.height - 12);
  const promptLines = form.prompt.split('\n');
  // The prompt's caret: its line and column; the lines shown keep it in view.
  const beforeCaret = [...form.prompt].slice(0, promptCaret).join('').split('\n');
  const caretLine = beforeCaret.length - 1;
  const caretColumn = [...(beforeCaret[caretLine] ?? '')].length;
  const firstShown = Math.max(0, Math.min(caretLine - promptRows + 1, promptLines.length - promptRows));
  const shownPrompt = promptLines.slice(firstShown, firstShown + promptRows);
  const field = (f: FormField) => form.field === f;
  const typing = !form.discarding && !form.submitting;
  return (
    <Panel title="new agent" note={form.submitting ? 'starting…' : 'Ctrl-S starts · Esc cancels'} width={rect.width} height={rect.height} focused>
      <Box flexDirection="column" paddingX={1}>
        {FORM_FIELDS.filter((f) => f !== 'prompt' && (f !== 'host' || hostNames.length > 1)).map((f) => (
          <Text key={f} wrap="truncate">
            <Text color={field(f) ? 'cyanBright' : 'gray'} bold={field(f)}>
              {field(f) ? '› ' : '  '}
              {LABELS[f].padEnd(10)}
            </Text>
            {f === 'host' ? (
              hostNames.map((h) => (
                <Text key={h} inverse={h === form.host} color={h === form.host ? undefined : hosts[h] && hosts[h]?.status !== 'live' ? 'yellow' : 'gray'}>
                  {` ${h} `}
                </Text>
              ))
            ) : f === 'agent' ? (
              LAUNCHABLE_KINDS.map((k) => (
                <Text key={k} inverse={k === form.agent} color={k === form.agent ? undefined : 'gray'}>
                  {` ${k} `}
                </Text>
              ))
            ) : f === 'mode' ? (
              canRunInteractive(form.agent) ? (
                (['headless', 'interactive'] as const).map((m) => (
                  <Text key={m} inverse={(m === 'interactive') === form.interactive} color={(m === 'interactive') === form.interactive ? undefined : 'gray'}>
                    {` ${m} `}
                  </Text>
                ))
              ) : (
                <Text color="gray">headless (oneshot runs the agent's own interface for claude, codex, opencode and pi)</Text>
              )
            ) : f === 'autonomy' ? (
              form.agent === 'shell' ? (
                <Text color="gray">(not for a command)</Text>
              ) : (
                AUTONOMY_LEVELS.map((k) => (
                  <Text key={k} inverse={k === form.autonomy} color={k === form.autonomy ? (k === 'full' ? 'red' : undefined) : 'gray'}>
                    {` ${k} `}
                  </Text>
                ))
              )
            ) : (
              <Text>
                {f === 'name' && form.name === '' && !field('name') ? (
                  <Text color="gray">(made from the prompt)</Text>
                ) : (
                  <TextField id={f === 'dir' ? 'form.dir' : 'form.name'} value={form[f as 'dir' | 'name']} width={inner - 14} active={field(f) && typing} />
                )}
              </Text>
            )}
          </Text>
        ))}
        <Text color="gray" wrap="truncate">
          {'  '}
          {field('dir') && form.choices && form.choices.length > 0
            ? `${form.choices.length} directories: ${form.choices.slice(0, 12).join('  ')}${form.choices.length > 12 ? '  …' : ''} (Tab again: next field)`
            : field('dir')
            ? `Tab completes the directory${form.host !== 'local' ? ` (on this machine only; on ${form.host} type the full path)` : ''}`
            : field('host')
            ? `←/→ chooses the machine${form.host !== 'local' ? `; the directory is a full path on ${form.host}` : ''}`
            : field('agent')
            ? '←/→ or the first letter chooses the agent'
            : field('mode')
              ? "interactive: the agent's own interface in its pane, answered from the inbox (i); the prompt may be empty"
            : field('autonomy')
              ? `${form.autonomy}: ${AUTONOMY_HELP[form.autonomy]}`
              : form.agent === 'shell' ? 'the command line below is split into words; no shell runs it' : 'Enter in the prompt starts a new line; Ctrl-S starts the agent'}
        </Text>
        <Text> </Text>
        <Text color={field('prompt') ? 'cyanBright' : 'gray'} bold={field('prompt')}>
          {field('prompt') ? '› ' : '  '}
          {form.agent === 'shell' ? 'command' : 'prompt'}
          {firstShown > 0 ? <Text color="gray"> ({firstShown} lines above)</Text> : null}
          {firstShown + promptRows < promptLines.length ? <Text color="gray"> ({promptLines.length - firstShown - promptRows} lines below)</Text> : null}
        </Text>
        {shownPrompt.map((line, i) => (
          <Text key={i} wrap="truncate">
            {'    '}
            {field('prompt') && typing && firstShown + i === caretLine ? <CaretText value={line} caret={caretColumn} width={Math.max(4, inner - 6)} /> : line}
          </Text>
        ))}
        <Text> </Text>
        {form.discarding ? (
          <Text color="yellow" bold wrap="truncate">
            {'  '}Throw away what you typed? y throws it away · any other key goes back to it
          </Text>
        ) : (
          <Text color={form.error ? 'yellow' : 'green'} wrap="truncate">
            {form.error ? `  ${form.error}` : '  ready: Ctrl-S starts it'}
          </Text>
        )}
      </Box>
    </Panel>
  );
}
