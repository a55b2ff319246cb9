// Every key goes to the controller as a name (and any printable text).
import { useInput } from 'ink';
import { splitPresses } from '../../src/keymap/keys.js';
import { useController } from '../context.js';

export function useKeys(active = true): void {
  const controller = useController();
  useInput(
    (input, key) => {
      for (const press of splitPresses(input, key)) controller.key(press.name, press.text);
    },
    { isActive: active },
  );
}
