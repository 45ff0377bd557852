import { describe, expect, it } from 'vitest';
import { wantsColor } from '../../src/ui/output.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colour', () => {
  it('is on for a terminal', () => expect(wantsColor(tty, {}, undefined)).toBe(true));
  it('is off when piped', () => expect(wantsColor(pipe, {}, undefined)).toBe(false));
  it('is off with NO_COLOR, which chalk itself ignores', () => expect(wantsColor(tty, { NO_COLOR: '1' }, undefined)).toBe(false));
  it('stays on when NO_COLOR is empty', () => expect(wantsColor(tty, { NO_COLOR: '' }, undefined)).toBe(true));
  it('is off with --no-color', () => expect(wantsColor(tty, {}, false)).toBe(false));
  it('is off for TERM=dumb', () => expect(wantsColor(tty, { TERM: 'dumb' }, undefined)).toBe(false));
  it('is on with FORCE_COLOR even when piped', () => expect(wantsColor(pipe, { FORCE_COLOR: '1' }, undefined)).toBe(true));
  it('lets NO_COLOR win over FORCE_COLOR', () => expect(wantsColor(tty, { FORCE_COLOR: '1', NO_COLOR: '1' }, undefined)).toBe(false));
});
