import { describe, expect, it } from 'vitest';
import { editDistance, similarWords } from '../../src/domain/similar.js';

describe('did you mean', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('staus', 'status')).toBe(1);
    expect(editDistance('cases', 'casse')).toBe(1);
    expect(editDistance('json', 'json')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the closest known words, not unrelated ones', () => {
    expect(similarWords('--staus', ['--status', '--since', '--json'])).toEqual(['--status']);
    expect(similarWords('chek', ['check', 'repair', 'copy'])).toEqual(['check']);
    expect(similarWords('--xyz', ['--to', '--by'])).toEqual([]);
    expect(similarWords('--frobnicate', ['--format'])).toEqual([]);
  });
});
