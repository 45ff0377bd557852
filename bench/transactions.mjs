// Generates a reseller transaction export of `rows` rows: one sale every few seconds, about 1% with a
// problem the batch check flags (no SN, a repeated top-up, a pending row, an unreadable nominal).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export async function writeTransactions(path, rows) {
  const out = createWriteStream(path);
  const start = new Date(2026, 10, 1).getTime();
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  const products = [['0812', 'S'], ['0857', 'I'], ['0899', 'T'], ['0817', 'XL'], ['0881', 'SM']];
  out.write('tanggal;trxid;tujuan;kode_produk;nominal;status;sn\n');
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + i * 2_000);
    const time = `${pad(t.getDate())}/${pad(t.getMonth() + 1)}/${t.getFullYear()} ${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
    const [prefix, code] = products[i % products.length];
    const nominal = [5, 10, 25, 50, 100][i % 5];
    const number = `${prefix}${pad((i * 7919) % 100_000_000, 8)}`;
    const status = i % 250 === 7 ? 'Pending' : 'Sukses';
    const sn = status === 'Pending' || i % 100 === 3 ? '' : `SN${pad(i, 12)}`;
    const shownNominal = i % 1000 === 11 ? 'sepuluh' : `${nominal}.000`;
    buffer += `${time};TRX${i};${number};${code}${nominal};${shownNominal};${status};${sn}\n`;
    if (i % 333 === 5) buffer += `${time};TRX${i}b;${number};${code}${nominal};${nominal}.000;Sukses;SN${pad(i, 12)}b\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}
