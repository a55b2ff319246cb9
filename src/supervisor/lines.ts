// An agent's output as lines. Pure. A long line is kept in pieces and joined once its
// newline comes (never copied again for every chunk); a runaway line without a newline is
// passed on in pieces rather than held forever — except a JSON event, kept whole up to
// 32 MB (a big tool output is one event).

const PLAIN_LIMIT = 64 * 1024;
const JSON_LIMIT = 32 * 1024 * 1024;

export class LineSplitter {
  private pieces: string[] = [];
  private pending = 0;

  /** `json`: lines on this stream may be JSON events (stdout of an agent in JSON mode). */
  constructor(private readonly json: boolean) {}

  /** The complete lines in `text` (with what came before it). */
  push(text: string): string[] {
    const parts = text.split('\n');
    const last = parts.pop() ?? '';
    const lines: string[] = [];
    for (const part of parts) {
      this.pieces.push(part);
      lines.push(this.take());
    }
    if (last !== '') {
      this.pieces.push(last);
      this.pending += last.length;
    }
    const event = this.json && (this.pieces.find((p) => p.trim() !== '') ?? '').trimStart().startsWith('{');
    if (this.pending > (event ? JSON_LIMIT : PLAIN_LIMIT)) lines.push(this.take());
    return lines.map((l) => l.replace(/\r$/, ''));
  }

  /** What is left when the stream ends, if anything. */
  end(): string | null {
    const rest = this.take();
    return rest === '' ? null : rest.replace(/\r$/, '');
  }

  private take(): string {
    const line = this.pieces.join('');
    this.pieces = [];
    this.pending = 0;
    return line;
  }
}
