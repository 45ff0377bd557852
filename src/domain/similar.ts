/** "Did you mean" for a mistyped option or command: the known words a typo or two away. */

/** Edits (insert, delete, replace, swap two neighbours) turning `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidates closest to `word`, when close enough to be the word meant: at most two edits and under
 * half its length (so `--xyz` suggests neither `--to` nor `--by`).
 */
export function similarWords(word: string, candidates: readonly string[]): string[] {
  const strip = (w: string) => w.replace(/^-+/, '');
  let best = Infinity;
  let found: string[] = [];
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(strip(word), strip(candidate));
    if (distance > 2 || distance * 2 >= Math.max(strip(word).length, 1) + 1) continue;
    if (distance < best) [best, found] = [distance, [candidate]];
    else if (distance === best) found.push(candidate);
  }
  return found.sort();
}
