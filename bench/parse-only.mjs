// The batch pipeline without the checks: `csv` tokenises the file only; `rows` also reads every row into a
// transaction (time, nominal, status). Prints rows and peak RSS as JSON.
import { createReadStream } from 'node:fs';
import { resolveColumns, TransactionReader } from '../dist/domain/transactions.js';
import { readCsv } from '../dist/io/csv-reader.js';

const [file, mode] = process.argv.slice(2);
const now = new Date();
let rows = 0;
let reader;
for await (const records of readCsv(createReadStream(file, { highWaterMark: 64 * 1024 }))) {
  for (const record of records) {
    if (!reader) {
      reader = new TransactionReader(resolveColumns(record.fields), now);
      continue;
    }
    rows++;
    if (mode === 'rows') reader.read(record.fields, record.line);
  }
}
console.log(JSON.stringify({ rows, maxRssKb: process.resourceUsage().maxRSS }));
