import { describe, expect, it } from 'vitest';
import { plainText, sanitizeLine } from '../../src/text/sanitize.js';

const ESC = '\x1b';

describe('untrusted text', () => {
  it('keeps colors only when asked', () => {
    const line = `${ESC}[31mred${ESC}[0m plain ${ESC}[1;38;5;208mbold${ESC}[m`;
    expect(sanitizeLine(line, { keepColors: true })).toBe(line);
    expect(sanitizeLine(line)).toBe('red plain bold');
  });

  it.each([
    ['cursor movement', `a${ESC}[2Jb${ESC}[10;20Hc${ESC}[?1049hd${ESC}[?25le`, 'abcde'],
    ['window title (BEL)', `x${ESC}]0;pwned title\x07y`, 'xy'],
    ['window title (ST)', `x${ESC}]2;title${ESC}\\y`, 'xy'],
    ['OSC 52 clipboard write', `x${ESC}]52;c;ZXZpbA==\x07y`, 'xy'],
    ['hyperlinks keep their text', `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`, 'click'],
    ['DCS with payload', `x${ESC}Ptmux;${ESC}${ESC}]52;c;AAAA\x07${ESC}\\y`, 'xy'],
    ['APC and PM strings', `x${ESC}_payload${ESC}\\y${ESC}^pm${ESC}\\z`, 'xyz'],
    ['full reset', `x${ESC}cy`, 'xy'],
    ['charset switches', `x${ESC}(0y${ESC}(Bz`, 'xyz'],
    ['8-bit CSI', `x\u009b2Jy`, 'xy'],
    ['bell, backspace and other controls', 'a\x07b\x08c\x00d\x7fe', 'abcde'],
    ['SGR that smuggles other bytes', `x${ESC}[31;?1049my`, 'xy'],
    ['an unterminated OSC at the end', `safe${ESC}]0;never ends`, 'safe'],
  ])('removes %s', (_name, input, expected) => {
    expect(sanitizeLine(input, { keepColors: true })).toBe(expected);
  });

  it('keeps what a carriage return drew last', () => {
    expect(sanitizeLine('progress 10%\rprogress 90%\r')).toBe('progress 90%');
  });

  it('expands tabs', () => {
    expect(sanitizeLine('a\tb')).toBe('a       b');
  });

  it('gives plain text without any escape', () => {
    expect(plainText(`${ESC}[32mok${ESC}[0m ${ESC}]0;t\x07done`)).toBe('ok done');
  });
});
