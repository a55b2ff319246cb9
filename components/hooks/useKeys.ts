// Every key goes to the controller as a name (and any printable text).
import { useInput } from 'ink';
import { useRef } from 'react';
import { splitPresses } from '../../src/keymap/keys.js';
import { createPasteAssembler } from '../../src/keymap/paste.js';
import { useController } from '../context.js';

export function useKeys(active = true): void {
  const controller = useController();
  const paste = useRef(createPasteAssembler());
  useInput(
    (input, key) => {
      const step = paste.current.feed(input, key);
      if (step.kind === 'paste') return controller.paste(step.text);
      if (step.kind === 'pending') return;
      for (const press of splitPresses(input, key)) controller.key(press.name, press.text);
    },
    { isActive: active },
  );
}
