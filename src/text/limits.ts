// Usage and rate limits as agents report them in words, on screen or in their events:
// "You've hit your usage limit … try again at 3:45 PM", "Claude usage limit reached. Your
// limit will reset at 3pm", "Claude AI usage limit reached|1771390800". Pure.

/** Words that say the agent is held by a limit (not a warning that one is near). */
export const LIMIT_WORDS = /\b(usage limit|rate limit|limit reached|limit will reset|hit your (?:\w+ )?limit|quota exceeded)\b/i;
const NEAR = /\b(approaching|near(ing)?|almost)\b/i;

/** Whether this text says the agent is held by a limit now. */
export function saysLimited(text: string): boolean {
  return LIMIT_WORDS.test(text) && !NEAR.test(text);
}

/**
 * When the limit resets, from the text: an epoch after a `|` (Claude's machine form), or
 * "resets 3pm", "try again at 9:45 AM", "reset at 15:00" — the next such time after `now`.
 */
export function parseResetTime(text: string, now: number): number | null {
  const epoch = /\|\s*(\d{10})\b/.exec(text);
  if (epoch) return Number(epoch[1]) * 1000;
  const m = text.match(/\b(?:reset[s]?|again)\s*(?:at|in)?\s*(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?/i);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  const meridiem = m[3]?.toLowerCase().replace(/\./g, '');
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return null;
  const at = new Date(now);
  at.setHours(hour, minute, 0, 0);
  if (at.getTime() <= now) at.setDate(at.getDate() + 1);
  return at.getTime();
}
