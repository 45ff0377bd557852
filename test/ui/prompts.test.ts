import { input, select } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/domain/checklist.js';
import { promptSpec, type PromptContext } from '../../src/ui/prompts.js';
import { pulsa, t, table } from '../helpers/data.js';

const question = (key: string): Question => pulsa.steps.flatMap((s) => s.questions).find((q) => q.key === key)!;
const ctx = (answers: Record<string, string> = {}, lang: 'id' | 'en' = 'id'): PromptContext => ({ lang, t: t(lang), table, now: new Date(2026, 10, 25, 12), answers });

async function renderSpec(key: string, context = ctx()) {
  const spec = promptSpec(question(key), context);
  return spec.kind === 'input' ? render(input, spec.config) : render(select, spec.config);
}

describe('checklist prompts', () => {
  it('refuses a nominal written in words and says what it expects', async () => {
    const { events, getScreen, nextRender } = await renderSpec('nominal');
    events.type('lima puluh');
    events.keypress('enter');
    await nextRender();
    expect(getScreen()).toContain('bukan nominal rupiah (contoh: 50000, Rp 50.000, 50rb, 50k)');
  });

  it('accepts a nominal as counters write it', async () => {
    const { answer, events } = await renderSpec('nominal');
    events.type('Rp 50.000');
    events.keypress('enter');
    await expect(answer).resolves.toBe('Rp 50.000');
  });

  it('refuses a number too short to be a phone number', async () => {
    const { events, getScreen, nextRender } = await renderSpec('number');
    events.type('0812');
    events.keypress('enter');
    await nextRender();
    expect(getScreen()).toContain('bukan nomor HP');
  });

  it('offers the operator detected from the number first', async () => {
    const { answer, events, getScreen } = await renderSpec('productOperator', ctx({ number: '089912345678' }));
    expect(getScreen()).toContain('Tri (3) (terdeteksi dari nomor)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('tri');
  });

  it('asks yes / no / not yet known', async () => {
    const { answer, events, getScreen } = await renderSpec('debt');
    expect(getScreen()).toContain('Belum tahu');
    events.keypress('down');
    events.keypress('enter');
    await expect(answer).resolves.toBe('no');
  });

  it('marks optional questions and lets them be skipped', async () => {
    const { answer, events, getScreen } = await renderSpec('sn');
    expect(getScreen()).toContain('(boleh kosong)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('');
  });

  it('asks in English with --lang en', async () => {
    const { getScreen } = await renderSpec('status', ctx({}, 'en'));
    expect(getScreen()).toContain('Transaction status from the supplier');
    expect(getScreen()).toContain('Pending / processing');
  });
});
