import { checkbox, input, select } from '@inquirer/prompts';
import { render as renderPrompt } from '@inquirer/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Question } from '../../src/domain/checklist.js';
import { quietAnswer } from '../../src/domain/engine.js';
import { finalAnswer, groupSpec, promptSpec, type PromptContext } from '../../src/ui/prompts.js';
import { kuota, pulsa, t, table } from '../helpers/data.js';

// A prompt left waiting is rejected when the test worker exits, which vitest counts as an
// unhandled error and fails the run; so every prompt a test leaves open is cancelled after it.
const open = new Set<Promise<unknown> & { cancel: () => void }>();
const render: typeof renderPrompt = async (...args) => {
  const rendered = await renderPrompt(...args);
  const answer = rendered.answer as Promise<unknown> & { cancel: () => void };
  open.add(answer);
  void answer.then(() => open.delete(answer), () => open.delete(answer));
  return rendered;
};
afterEach(async () => {
  const left = [...open];
  for (const answer of left) answer.cancel();
  await Promise.allSettled(left);
  expect(open.size).toBe(0);
});

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

  it('marks optional questions and lets them be skipped', async () => {
    const { answer, events, getScreen } = await renderSpec('sn');
    expect(getScreen()).toContain('(boleh kosong)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('');
  });

  it('does not call an optional question with a default "may be left empty": Enter takes the default', async () => {
    const { answer, events, getScreen } = await renderSpec('customerNumber', ctx({ number: '081234567809', claimedNumber: '081234567890' }));
    expect(getScreen()).not.toContain('(boleh kosong)');
    expect(getScreen()).toContain('081234567890');
    events.keypress('enter');
    await expect(answer).resolves.toBe('081234567890');
  });

  it('asks in English with --lang en', async () => {
    const { getScreen } = await renderSpec('status', ctx({}, 'en'));
    expect(getScreen()).toContain('Transaction status from the supplier');
    expect(getScreen()).toContain('Pending / processing');
  });
});

const kuotaQuestion = (key: string): Question => kuota.steps.flatMap((s) => s.questions).find((q) => q.key === key)!;
const withChecklist = (answers: Record<string, string> = {}, lang: 'id' | 'en' = 'id'): PromptContext => ({ ...ctx(answers, lang), checklist: pulsa });

describe('fewer keystrokes', () => {
  it('takes the number sent as the number meant on Enter', async () => {
    const context = ctx({ number: '081234567809' });
    const { answer, events, getScreen } = await renderSpec('claimedNumber', context);
    expect(getScreen()).toContain('Nomor yang dimaksud pelanggan (081234567809)');
    events.keypress('enter');
    expect(finalAnswer(question('claimedNumber'), await answer, context)).toBe('081234567809');
  });

  it('takes `sama` for the number sent', async () => {
    const context = ctx({ number: '081234567809' });
    const { answer, events } = await renderSpec('claimedNumber', context);
    events.type('sama');
    events.keypress('enter');
    expect(finalAnswer(question('claimedNumber'), await answer, context)).toBe('081234567809');
  });

  it('takes the nominal sent, shown in rupiah, as the nominal meant on Enter', async () => {
    const context = ctx({ nominal: '50000' });
    const { answer, events, getScreen } = await renderSpec('claimedNominal', context);
    expect(getScreen()).toContain('Nominal yang dimaksud pelanggan (Rp50.000)');
    events.keypress('enter');
    expect(finalAnswer(question('claimedNominal'), await answer, context)).toBe('50000');
    expect(finalAnswer(question('claimedNominal'), 'SAMA', context)).toBe('50000');
  });

  it('still takes another number typed over the default', async () => {
    const context = ctx({ number: '081234567809' });
    const { answer, events } = await renderSpec('claimedNumber', context);
    events.type('0812 3456 7890');
    events.keypress('enter');
    expect(finalAnswer(question('claimedNumber'), await answer, context)).toBe('081234567890');
  });

  it('clears a refused answer, so the retyped one is not appended to it', async () => {
    const { answer, events, getScreen, nextRender } = await renderSpec('number');
    events.type('0812');
    events.keypress('enter');
    await nextRender();
    expect(getScreen()).toContain('bukan nomor HP');
    expect(getScreen()).not.toMatch(/dikirim \(sesuai transaksi\) 0812/);
    events.type('081234567890');
    events.keypress('enter');
    await expect(answer).resolves.toBe('081234567890');
  });

  it('asks yes/no with one-key answers shown, and Enter records no finding', async () => {
    const context = withChecklist();
    const spec = promptSpec(kuotaQuestion('activePackage'), { ...context, checklist: kuota });
    expect(spec.kind).toBe('input');
    const { answer, events, getScreen } = await render(input, spec.config as Parameters<typeof input>[0]);
    expect(getScreen()).toContain('[y/t/?]');
    expect(getScreen()).toContain('(Belum tahu)');
    events.keypress('enter');
    expect(finalAnswer(kuotaQuestion('activePackage'), await answer, context)).toBe('unknown');
  });

  it.each([
    ['y', 'yes'],
    ['t', 'no'],
    ['?', 'unknown'],
    ['tidak', 'no'],
  ])('reads the yes/no key %s as %s', async (typed, expected) => {
    const context = { ...withChecklist(), checklist: kuota };
    const spec = promptSpec(kuotaQuestion('activePackage'), context);
    const { answer, events } = await render(input, spec.config as Parameters<typeof input>[0]);
    events.type(typed);
    events.keypress('enter');
    expect(finalAnswer(kuotaQuestion('activePackage'), await answer, context)).toBe(expected);
  });

  it('shows y/n/? in English', async () => {
    const spec = promptSpec(kuotaQuestion('activePackage'), { ...withChecklist({}, 'en'), checklist: kuota });
    const { answer, events, getScreen } = await render(input, spec.config as Parameters<typeof input>[0]);
    expect(getScreen()).toContain('[y/n/?]');
    expect(getScreen()).toContain("(Don't know yet)");
    // Answered, so no prompt is left open when the test file ends.
    events.keypress('enter');
    await answer;
  });

  it('defaults a yes/no question to the answer that records no finding', () => {
    // "Not restarted" and "don't know" both lead to needs-restart; only "yes" records nothing.
    expect(quietAnswer(kuota, kuotaQuestion('restarted'))).toBe('yes');
    // "Don't know" only gives advice to check.
    expect(quietAnswer(pulsa, question('debt'))).toBe('unknown');
    const spec = promptSpec(kuotaQuestion('restarted'), { ...withChecklist(), checklist: kuota });
    expect(spec.kind === 'input' && spec.config.default).toBe('Ya');
  });
});

describe('the list of checks', () => {
  const group = pulsa.groups.phone!;
  const members = () => pulsa.steps.flatMap((s) => s.questions).filter((q) => q.group === 'phone');
  async function renderGroup() {
    const spec = groupSpec(group, members(), withChecklist());
    const rendered = await render(checkbox, spec.config as Parameters<typeof checkbox>[0]);
    return { ...rendered, answers: async () => spec.answers((await rendered.answer) as string[]) };
  }

  it('offers every check as one numbered list', async () => {
    const { getScreen } = await renderGroup();
    const screen = getScreen();
    for (const item of ['Nomor di masa tenggang', 'Nomor sudah hangus', 'Ada hutang pulsa', 'Data seluler menyala tanpa paket data', 'Ada NSP / langganan konten', 'Status belum dicek ulang ke supplier', 'Belum bisa dicek di HP pelanggan']) {
      expect(screen).toContain(item);
    }
    expect(screen).toContain('spasi atau angka: pilih');
  });

  it('answers "nothing found" for every check with one Enter', async () => {
    const { events, answers } = await renderGroup();
    events.keypress('enter');
    expect(await answers()).toEqual({ validity: 'active', wantedPackage: 'no', debt: 'no', mobileData: 'no', subscription: 'no', statusRechecked: '' });
  });

  it('records the ticked items, picked by their number', async () => {
    const { events, answers } = await renderGroup();
    events.keypress('4'); // Ada hutang pulsa
    events.keypress('6'); // NSP
    events.keypress('enter');
    expect(await answers()).toMatchObject({ debt: 'yes', subscription: 'yes', mobileData: 'no', validity: 'active' });
  });

  it('answers "don\'t know" for everything not ticked when the phone could not be checked', async () => {
    const { events, answers } = await renderGroup();
    events.keypress('3'); // wanted a package
    events.keypress('8'); // could not check
    events.keypress('enter');
    expect(await answers()).toEqual({ validity: 'unknown', wantedPackage: 'yes', debt: 'unknown', mobileData: 'unknown', subscription: 'unknown', statusRechecked: '' });
  });

  it('refuses two answers to one question', async () => {
    const { events, getScreen, nextRender, answers } = await renderGroup();
    events.keypress('1');
    events.keypress('2');
    events.keypress('enter');
    await nextRender();
    expect(getScreen()).toContain('Pilih salah satu saja: "Nomor di masa tenggang" atau "Nomor sudah hangus (lewat masa tenggang)"');
    events.keypress('2');
    events.keypress('enter');
    expect(await answers()).toMatchObject({ validity: 'grace' });
  });
});
