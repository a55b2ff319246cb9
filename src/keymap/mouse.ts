// Mouse reports in the SGR encoding (ESC[<b;x;yM for a press, …m for a release), which the
// dashboard asks for with ESC[?1000h ESC[?1006h. Ink hands them over without the ESC.

export type MouseEvent =
  | { kind: 'click'; x: number; y: number }
  | { kind: 'wheel'; x: number; y: number; delta: 1 | -1 };

/** A report as a click (left button pressed) or a wheel turn; null when it is neither (or not a report). */
export function parseMouse(input: string): MouseEvent | null | undefined {
  const m = /^\x1b?\[<(\d+);(\d+);(\d+)([mM])$/.exec(input);
  if (!m) return undefined;
  // Without the shift, alt and ctrl bits (4, 8, 16).
  const button = Number(m[1]) & ~28;
  // Columns and rows count from 1 in the report, from 0 here.
  const x = Number(m[2]) - 1;
  const y = Number(m[3]) - 1;
  const pressed = m[4] === 'M';
  // 64 and 65: the wheel up and down.
  if (button === 64 || button === 65) return pressed ? { kind: 'wheel', x, y, delta: button === 64 ? -1 : 1 } : null;
  // 0: the left button; drags (32) and the other buttons do nothing.
  if (button === 0 && pressed) return { kind: 'click', x, y };
  return null;
}
