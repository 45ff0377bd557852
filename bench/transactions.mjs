// Generated reseller transaction exports for the benchmarks and for the findings-digest test.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const pad = (n, w = 2) => String(n).padStart(w, '0');

async function writeLines(path, header, rows, line) {
  const out = createWriteStream(path);
  out.write(header);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    buffer += line(i);
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/**
 * The sparse file: one sale every 2 seconds (a million rows span 23 days), about 1% of rows with a problem
 * the batch check flags (no SN, a repeated top-up, a pending row, an unreadable nominal).
 */
export async function writeTransactions(path, rows) {
  const start = new Date(2026, 10, 1).getTime();
  const products = [['0812', 'S'], ['0857', 'I'], ['0899', 'T'], ['0817', 'XL'], ['0881', 'SM']];
  await writeLines(path, 'tanggal;trxid;tujuan;kode_produk;nominal;status;sn\n', rows, (i) => {
    const t = new Date(start + i * 2_000);
    const time = `${pad(t.getDate())}/${pad(t.getMonth() + 1)}/${t.getFullYear()} ${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
    const [prefix, code] = products[i % products.length];
    const nominal = [5, 10, 25, 50, 100][i % 5];
    const number = `${prefix}${pad((i * 7919) % 100_000_000, 8)}`;
    const status = i % 250 === 7 ? 'Pending' : 'Sukses';
    const sn = status === 'Pending' || i % 100 === 3 ? '' : `SN${pad(i, 12)}`;
    const shownNominal = i % 1000 === 11 ? 'sepuluh' : `${nominal}.000`;
    let text = `${time};TRX${i};${number};${code}${nominal};${shownNominal};${status};${sn}\n`;
    if (i % 333 === 5) text += `${time};TRX${i}b;${number};${code}${nominal};${nominal}.000;Sukses;SN${pad(i, 12)}b\n`;
    return text;
  });
}

/** A small seeded generator (mulberry32) of numbers in [0, 1): a given seed always writes the same file, and a test's failing case can be run again. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPERATORS = [
  { prefixes: ['0812', '0813', '0821', '0852'], code: 'S' },
  { prefixes: ['0857', '0856', '0815'], code: 'I' },
  { prefixes: ['0896', '0899'], code: 'T' },
  { prefixes: ['0817', '0878'], code: 'X' },
  { prefixes: ['0838', '0831'], code: 'AX' },
  { prefixes: ['0881', '0887'], code: 'SM' },
];
const NOMINALS = [5, 10, 15, 20, 25, 50, 100];

/**
 * The dense file: a busy supplier's day, `perDay` rows a day (a million by default, so timestamps repeat
 * as they do in exports), seeded, with about 6% of rows flagged by every kind of check: unreadable rows,
 * numbers of no operator, products of another operator, claimed numbers and nominals that differ (some
 * typos), sukses without SN, old pending rows, top-ups repeated minutes later, SNs repeated rows later.
 * Numbers and nominals come in the shapes counters write (quoted, spaced, +62, Rp).
 */
export async function writeDenseTransactions(path, rows, { seed = 1, perDay = 1_000_000 } = {}) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const start = new Date(2026, 10, 25).getTime();
  const step = 86_400_000 / perDay;
  const recent = []; // the last rows, for repeated top-ups and SNs
  let lastSecond = -1;
  let time = '';
  await writeLines(path, 'tanggal;trxid;tujuan;kode_produk;nominal;status;sn;nomor_diminta;nominal_diminta\n', rows, (i) => {
    const ms = start + Math.floor(i * step);
    const second = Math.floor(ms / 1000);
    if (second !== lastSecond) {
      const t = new Date(second * 1000);
      time = `${pad(t.getDate())}/${pad(t.getMonth() + 1)}/${t.getFullYear()} ${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
      lastSecond = second;
    }
    const roll = next();
    const operator = pick(OPERATORS);
    let number = `${pick(operator.prefixes)}${pad(Math.floor(next() * 1e8), 8)}`;
    let nominal = pick(NOMINALS);
    let code = `${operator.code}${nominal}`;
    let status = next() < 0.97 ? pick(['Sukses', 'Sukses', 'Sukses', 'sukses', 'SUKSES', 'Berhasil', '00']) : pick(['Gagal', 'gagal', 'Refund']);
    let sn = status.toLowerCase() === 'gagal' || status === 'Refund' ? '' : String(Math.floor(next() * 1e16)).padStart(16, '0');
    let shownTime = time;
    let shownNominal = `${nominal}.000`;
    let claimedNumber = '';
    let claimedNominal = '';
    const earlier = recent.length ? recent[Math.floor(next() * recent.length)] : undefined;
    if (roll < 0.004) shownNominal = pick(['sepuluh', '10.0000', '-5000', '']);
    else if (roll < 0.006) shownTime = pick(['31/02/2026 10:00', 'kemarin', '25/11/26 10:00']);
    else if (roll < 0.008) status = pick(['?', 'unknown', 'batal?']);
    else if (roll < 0.014) number = `08${pick(['10', '00', '09'])}${pad(Math.floor(next() * 1e8), 8)}`;
    else if (roll < 0.022) code = `${pick(OPERATORS.filter((o) => o !== operator)).code}${nominal}`;
    else if (roll < 0.027) claimedNominal = `${pick(NOMINALS.filter((n) => n !== nominal))}.000`;
    else if (roll < 0.033) {
      const digits = number.split('');
      const at = 4 + Math.floor(next() * (digits.length - 5));
      if (next() < 0.5) [digits[at], digits[at + 1]] = [digits[at + 1], digits[at]];
      else digits[at] = String((Number(digits[at]) + 1) % 10);
      claimedNumber = digits.join('');
    } else if (roll < 0.043) sn = '';
    else if (roll < 0.050) {
      status = pick(['Pending', 'pending', 'Proses']);
      sn = '';
    } else if (roll < 0.060 && earlier) {
      ({ number, nominal, code } = earlier);
      shownNominal = `${nominal}.000`;
    } else if (roll < 0.066 && earlier && earlier.sn) sn = earlier.sn;
    else if (roll < 0.070) claimedNumber = number;
    if (sn) {
      recent.push({ number, nominal, code, sn });
      if (recent.length > 40) recent.shift();
    }
    // The shapes counters write: quoted, spaced, international, with Rp.
    const shape = next();
    let shownNumber = number;
    if (shape < 0.05) shownNumber = `"${number.slice(0, 4)} ${number.slice(4, 8)} ${number.slice(8)}"`;
    else if (shape < 0.08) shownNumber = `+62${number.slice(1)}`;
    else if (shape < 0.1) shownNominal = `"Rp${shownNominal}"`;
    else if (shape < 0.11) shownNominal = `${nominal}000`;
    return `${shownTime};TRX${seed}-${i};${shownNumber};${code};${shownNominal};${status};${sn};${claimedNumber};${claimedNominal}\n`;
  });
}
