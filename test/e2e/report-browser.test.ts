import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measurePage, screenshot } from '../helpers/browser.js';
import { OWNER_NOW, seedOwnerStore } from '../helpers/owner-store.js';
import { useTempDir } from '../helpers/temp-store.js';

const tempDir = useTempDir();

describe('pulsa report in a real browser (headless Chromium)', () => {
  it('draws every chart, shows the same totals as stats --json, raises no error, loads nothing and screenshots to PNG', async () => {
    const dir = tempDir();
    const { at, refs } = await seedOwnerStore(dir);
    const out = join(dir, 'report.html');
    expect((await at(OWNER_NOW, 'report', '--week', '--out', out)).code).toBe(0);
    const stats = JSON.parse((await at(OWNER_NOW, 'stats', '--week', '--json')).stdout);

    const page = await measurePage(out, dir);
    expect(page.errors).toEqual([]);
    expect(page.resources).toEqual([]);
    expect(page.title).toContain('Laporan keluhan pulsa');

    expect(page.charts.map((c) => c.name).sort()).toEqual(['byCause', 'byOperator', 'moneyPerDay', 'perDay', 'timeToResolve']);
    for (const chart of page.charts) {
      expect(chart.width, chart.name).toBeGreaterThan(100);
      expect(chart.height, chart.name).toBeGreaterThan(20);
      // A bar with a value is drawn with a size; a zero is no bar at all; a larger value is a longer bar.
      for (const bar of chart.bars) {
        const length = chart.name === 'perDay' || chart.name === 'moneyPerDay' ? bar.height : bar.width;
        if (bar.value > 0) expect(length, `${chart.name} ${bar.value}`).toBeGreaterThan(0);
        else expect(length).toBe(0);
      }
      const drawn = chart.bars.filter((b) => b.value > 0);
      expect(drawn.length, chart.name).toBeGreaterThan(0);
    }
    const perDay = page.charts.find((c) => c.name === 'perDay')!;
    expect(perDay.bars.map((b) => b.value)).toEqual(stats.cases.perDay.map((d: { opened: number }) => d.opened));
    const money = page.charts.find((c) => c.name === 'moneyPerDay')!;
    const [biggest, smaller] = [money.bars[2]!, money.bars[0]!]; // Rp70.000 on the 25th, Rp50.000 on the 23rd
    expect(biggest.height).toBeGreaterThan(smaller.height);

    for (const key of ['opened', 'resolved', 'closed', 'stillOpen', 'overdueEscalations']) {
      expect(page.figures[key], key).toMatchObject({ value: stats.cases[key], text: String(stats.cases[key]), visible: true });
    }
    expect(page.figures.moneyTotal).toMatchObject({ value: stats.money.totals.total, text: 'Rp170.000', visible: true });
    expect(page.moneyDays).toEqual(Object.fromEntries(stats.money.perDay.map((d: { day: string; total: number }) => [d.day, d.total])));
    expect(page.openRefs).toEqual([refs.d, refs.e]);
    expect(page.repeatNumbers).toEqual(['0812****7890']);

    const png = join(dir, 'report.png');
    await screenshot(out, png);
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(png).size).toBeGreaterThan(20_000);
  }, 120_000);
});
