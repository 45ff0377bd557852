import { select } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { nextStepSpec, targetSpec } from '../../src/ui/next-step.js';
import { t } from '../helpers/data.js';

describe('the menu after a diagnosis', () => {
  it('suggests the escalation the cause calls for, so Enter escalates', async () => {
    const { answer, events, getScreen } = await render(select, nextStepSpec({ escalation: { to: 'operator', due: '26/11/2026 11:00' }, canEscalate: true, suggested: 'escalate' }, t('id')));
    const screen = getScreen();
    expect(screen).toContain('❯ Eskalasi ke operator (tindak lanjut paling lambat 26/11/2026 11:00)');
    for (const item of ['Kabari pelanggan (tautan WhatsApp)', 'Cetak struk pelanggan', 'Selesai']) expect(screen).toContain(item);
    expect(screen).toContain('↑↓ atau angka: pilih · Enter: lanjut');
    events.keypress('enter');
    await expect(answer).resolves.toBe('escalate');
  });

  it('reaches any step with its number and Enter', async () => {
    const { answer, events } = await render(select, nextStepSpec({ escalation: null, canEscalate: true, suggested: 'done' }, t('id')));
    events.type('3');
    events.keypress('enter');
    await expect(answer).resolves.toBe('print');
  });

  it('no longer offers to escalate once escalated, and suggests telling the customer', async () => {
    const { answer, events, getScreen } = await render(select, nextStepSpec({ escalation: { to: 'operator', due: 'x' }, canEscalate: false, suggested: 'notify' }, t('en')));
    expect(getScreen()).not.toContain('Escalate');
    expect(getScreen()).toContain('❯ Tell the customer (WhatsApp link)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('notify');
  });

  it('asks where to escalate when the policy does not say, in one question', async () => {
    const { answer, events, getScreen } = await render(select, targetSpec(t('id')));
    expect(getScreen()).toContain('Eskalasi ke mana?');
    events.keypress('down');
    events.keypress('enter');
    await expect(answer).resolves.toBe('supervisor');
  });
});
