// The batch pipeline without the checks: `csv` tokenises the file only; `rows` also reads every row into a
// transaction (time, nominal, status). Prints rows and peak RSS as JSON.
import { createReadStream } from 'node:fs';
import { resolveColumns, parseTransaction, RowError } from '../dist/domain/transactions.js';
import { readCsv } from '../dist/io/csv-reader.js';

const [file, mode] = process.argv.slice(2);
const now = new Date();
let rows = 0;
let columns;
for await (const records of readCsv(createReadStream(file, { highWaterMark: 64 * 1024 }))) {
  for (const record of records) {
    if (!columns) {
      columns = resolveColumns(record.fields);
      continue;
    }
    rows++;
    if (mode === 'rows') {
      try {
        parseTransaction(record.fields, columns, record.line, now);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
      }
    }
  }
}
console.log(JSON.stringify({ rows, maxRssKb: process.resourceUsage().maxRSS }));
