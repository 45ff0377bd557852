// What a power user would script instead of `pulsa batch`: split each line at the delimiter and check one
// field (the destination's prefix). The yardstick for batch's cost per row. Prints rows, hits and peak RSS.
import { createReadStream } from 'node:fs';

const [file, delimiter = ';'] = process.argv.slice(2);
let rows = 0;
let hits = 0;
let rest = '';
for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
  const lines = (rest + chunk).split('\n');
  rest = lines.pop();
  for (const line of lines) {
    const fields = line.split(delimiter);
    rows++;
    if (fields[2]?.startsWith('0812')) hits++;
  }
}
if (rest) rows++;
console.log(JSON.stringify({ rows, hits, maxRssKb: process.resourceUsage().maxRSS }));
