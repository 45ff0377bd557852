import { describe, expect, it } from 'vitest';
import { interview } from '../../src/commands/diagnose.js';
import type { Question } from '../../src/domain/checklist.js';
import { Interrupted, type PromptContext } from '../../src/ui/prompts.js';
import { pulsa, t, table } from '../helpers/data.js';

const replies: Record<string, string> = {
  number: '081234567890', productOperator: 'telkomsel', nominal: '50000', status: 'sukses', sn: '', time: '',
  claimedNumber: '081234567890', claimedNominal: '50000', debt: 'yes', mobileData: 'no', subscription: 'no',
  statusRechecked: 'same', validity: 'active', wantedPackage: 'no',
};

function setup(stopAt?: string) {
  const answers: Record<string, string> = {};
  const lines: string[] = [];
  const asked: string[] = [];
  const ctx: PromptContext = { lang: 'id', t: t('id'), table, now: new Date(), answers };
  const ask = async (q: Question) => {
    if (q.key === stopAt) throw new Interrupted();
    asked.push(q.key);
    // A question this test has no reply for would be asked forever: fail at once instead.
    if (replies[q.key] === undefined) throw new Error(`no reply for ${q.key}`);
    return replies[q.key]!;
  };
  return { answers, lines, asked, run: () => interview(pulsa, answers, ctx, (l) => lines.push(l), ask) };
}

describe('interview', () => {
  it('asks every question in order and shows each step once with its progress', async () => {
    const { run, lines, asked } = setup();
    const result = await run();
    expect(asked).toEqual([
      'number', 'productOperator', 'nominal', 'status', 'sn', 'time', 'statusRechecked',
      'claimedNumber', 'claimedNominal', 'validity', 'wantedPackage', 'debt', 'mobileData', 'subscription',
    ]);
    expect(lines.filter((l) => l.startsWith('Langkah'))).toEqual([
      'Langkah 1/8: Data transaksi',
      'Langkah 2/8: Nomor & nominal',
      'Langkah 3/8: Masa aktif & jenis pulsa',
      'Langkah 4/8: Pulsa atau paket data?',
      'Langkah 5/8: Hutang pulsa ke operator',
      'Langkah 6/8: Data seluler',
      'Langkah 7/8: NSP / langganan konten',
    ]);
    expect(result.cause).toBe('operator-debt');
  });

  it("shows the detected operator's loan check (never *858#, the Transfer Pulsa menu) before asking about debt", async () => {
    const { run, lines } = setup();
    await run();
    expect(lines).toContain(
      'Cek Pulsa Darurat / Paket Darurat Telkomsel: aplikasi MyTelkomsel (umumnya berlaku) atau telepon 188 dari nomor Telkomsel (umumnya berlaku). Pinjaman dilunasi otomatis oleh isi ulang berikutnya, jadi isi ulang yang seolah hilang bisa jadi sudah membayar pinjaman.',
    );
    expect(lines.join('\n')).not.toContain('*858#');
  });

  it('keeps what was answered when the owner presses Ctrl-C', async () => {
    const { run, answers } = setup('debt');
    await expect(run()).rejects.toBeInstanceOf(Interrupted);
    expect(Object.keys(answers)).toEqual(['number', 'productOperator', 'nominal', 'status', 'sn', 'time', 'statusRechecked', 'claimedNumber', 'claimedNominal', 'validity', 'wantedPackage']);
  });
});
