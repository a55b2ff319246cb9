// Every key goes to the controller as a name (and any printable text); a mouse report
// (SGR, ESC[<b;x;yM) goes to it as a click or a wheel turn.
import { useInput, useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { splitPresses } from '../../src/keymap/keys.js';
import { parseMouse } from '../../src/keymap/mouse.js';
import { createPasteAssembler } from '../../src/keymap/paste.js';
import { useController } from '../context.js';

export function useKeys(active = true): void {
  const controller = useController();
  const paste = useRef(createPasteAssembler());
  // The bytes of the input being handled: Ink reports Backspace and Delete alike, and
  // Alt or Ctrl on an arrow not at all. This listener is registered before useInput's
  // (which re-registers on every render), so it always hears an input first.
  const raw = useRef('');
  const { internal_eventEmitter: events } = useStdin();
  useEffect(() => {
    if (!active || !events) return;
    const listener = (data: string) => {
      raw.current = data;
    };
    events.on('input', listener);
    return () => {
      events.off('input', listener);
    };
  }, [active, events]);
  useInput(
    (input, key) => {
      const step = paste.current.feed(input, key);
      if (step.kind === 'paste') return controller.paste(step.text);
      if (step.kind === 'pending') return;
      const mouse = parseMouse(input);
      if (mouse !== undefined) {
        // A report that is neither a click nor the wheel (a release, a drag) is dropped.
        if (mouse) controller.mouse(mouse);
        return;
      }
      for (const press of splitPresses(input, key, raw.current)) controller.key(press.name, press.text);
    },
    { isActive: active },
  );
}
