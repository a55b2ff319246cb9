import { Text } from 'ink';
import { fieldWindow } from '../src/text/edit.js';
import { caretOf, type FieldId } from '../src/tui/fields.js';
import { useAppState } from './hooks/useApp.js';

export interface TextFieldProps {
  id: FieldId;
  value: string;
  /** Cells the field may take (text, caret and the … of a cut side). */
  width: number;
  /** Drawn with its caret (the field has the keyboard); otherwise the text alone. */
  active?: boolean;
}

/**
 * One line of editable text, the same in every field: the caret a reverse-video cell,
 * the text scrolled sideways to keep it in view, … where a side is cut.
 */
export function TextField({ id, value, width, active = true }: TextFieldProps) {
  const caret = useAppState((s) => caretOf(s, id, value));
  if (!active) return <Text>{value}</Text>;
  return <CaretText value={value} caret={caret} width={width} />;
}

/** A line with its caret at `caret` (code points), kept in view within `width` cells. */
export function CaretText({ value, caret, width }: { value: string; caret: number; width: number }) {
  const view = fieldWindow(value, caret, width);
  return (
    <Text>
      {view.cutLeft ? <Text color="gray">…</Text> : null}
      {view.before}
      <Text inverse>{view.at}</Text>
      {view.after}
      {view.cutRight ? <Text color="gray">…</Text> : null}
    </Text>
  );
}
