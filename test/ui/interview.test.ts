import { describe, expect, it } from 'vitest';
import { interview, type Asker } from '../../src/commands/diagnose.js';
import type { Question } from '../../src/domain/checklist.js';
import { Interrupted, type PromptContext } from '../../src/ui/prompts.js';
import { pulsa, t, table } from '../helpers/data.js';

const replies: Record<string, string> = {
  number: '081234567890', nominal: '50000', status: 'sukses', sn: '0412345678', time: '',
  claimedNumber: '081234567890', claimedNominal: '50000',
};
const checks: Record<string, string> = { validity: 'active', wantedPackage: 'no', debt: 'yes', mobileData: 'no', subscription: 'no', statusRechecked: 'same' };

function setup(stopAt?: string, found: Record<string, string> = checks) {
  const answers: Record<string, string> = {};
  const lines: string[] = [];
  const asked: string[] = [];
  const ctx: PromptContext = { lang: 'id', t: t('id'), table, now: new Date(), answers, checklist: pulsa };
  const asker: Asker = {
    question: async (q: Question) => {
      if (q.key === stopAt) throw new Interrupted();
      asked.push(q.key);
      // A question this test has no reply for would be asked forever: fail at once instead.
      if (replies[q.key] === undefined) throw new Error(`no reply for ${q.key}`);
      return replies[q.key]!;
    },
    group: async (group, questions) => {
      if (stopAt === 'group') throw new Interrupted();
      asked.push(`[${questions.map((q) => q.key).join(',')}]`);
      return Object.fromEntries(questions.map((q) => [q.key, found[q.key]!]));
    },
  };
  return { answers, lines, asked, run: () => interview(pulsa, answers, ctx, (l) => lines.push(l), asker) };
}

describe('interview', () => {
  it('asks the transaction, the number and nominal meant, then the checks as one list', async () => {
    const { run, lines, asked } = setup();
    const result = await run();
    expect(asked).toEqual(['number', 'nominal', 'status', 'claimedNumber', 'claimedNominal', '[validity,wantedPackage,debt,mobileData,subscription,statusRechecked]']);
    expect(lines.filter((l) => l.startsWith('Langkah'))).toEqual([
      'Langkah 1/10: Data transaksi',
      'Langkah 2/10: Nomor yang dimaksud',
      'Langkah 3/10: Nominal yang dimaksud',
      'Langkah 4/10: Masa aktif & jenis pulsa',
      'Langkah 5/10: Pulsa atau paket data?',
      'Langkah 6/10: Hutang pulsa ke operator',
      'Langkah 7/10: Data seluler',
      'Langkah 8/10: NSP / langganan konten',
      'Langkah 9/10: Status terbaru di supplier',
    ]);
    expect(result.cause).toBe('operator-debt');
  });

  it('asks the SN and time only when nothing explains the complaint, to escalate with them', async () => {
    const { run, asked, lines } = setup(undefined, { ...checks, debt: 'no' });
    const result = await run();
    expect(asked.slice(-2)).toEqual(['sn', 'time']);
    expect(lines).toContain('Langkah 10/10: Eskalasi dengan SN');
    expect(result.cause).toBe('escalate-operator');
  });

  it('stops at a wrong number after the contact number, without the nominal, SN or checks', async () => {
    const { run, asked, answers } = setup();
    replies.claimedNumber = '081234567809';
    replies.customerNumber = '';
    try {
      const result = await run();
      expect(result.cause).toBe('wrong-number');
      expect(asked).toEqual(['number', 'nominal', 'status', 'claimedNumber', 'customerNumber']);
      expect(answers.sn).toBeUndefined();
    } finally {
      replies.claimedNumber = '081234567890';
      delete replies.customerNumber;
    }
  });

  it("shows the detected operator's loan check (never *858#, the Transfer Pulsa menu) before the list of checks", async () => {
    const { run, lines } = setup();
    await run();
    expect(lines).toContain(
      'Cek Pulsa Darurat / Paket Darurat Telkomsel: aplikasi MyTelkomsel (umumnya berlaku) atau telepon 188 dari nomor Telkomsel (umumnya berlaku). Pinjaman dilunasi otomatis oleh isi ulang berikutnya, jadi isi ulang yang seolah hilang bisa jadi sudah membayar pinjaman.',
    );
    expect(lines.join('\n')).not.toContain('*858#');
  });

  it('keeps what was answered when the owner presses Ctrl-C', async () => {
    const { run, answers } = setup('group');
    await expect(run()).rejects.toBeInstanceOf(Interrupted);
    expect(Object.keys(answers)).toEqual(['number', 'nominal', 'status', 'claimedNumber', 'claimedNominal']);
  });
});
