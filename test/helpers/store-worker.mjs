// A counter process for the concurrency tests: opens a store through the built code and works on it.
//   create <location> <count>        saves <count> cases, printing each acknowledged ref
//   note <location> <ref> <count>    adds <count> notes to one case
//   resolve <location> <ref>         resolves a case once, printing ok or the error's key
//   forever <location>               saves big cases until killed, printing each acknowledged ref
import { openCaseStore } from '../../dist/store/open.js';
import { newCase } from '../../dist/domain/cases.js';
import { addNote, resolveCase } from '../../dist/domain/lifecycle.js';

const [mode, location, ...rest] = process.argv.slice(2);
const store = await openCaseStore(location, { actor: { counter: `worker-${process.pid}` } });
const result = (size = 0) => ({
  checklist: 'pulsa-tidak-masuk', lang: 'id', answers: { number: '081234567890', nominal: '50000' }, operator: 'telkomsel',
  findings: [], advice: [], cause: 'escalate-operator', guidance: { customer: 'x'.repeat(size), shop: '' },
});
const day = new Date(2026, 10, 25, 12);
try {
  if (mode === 'create') {
    for (let i = 0; i < Number(rest[0]); i++) {
      const c = await store.createCase((ref, now) => newCase(ref, now, 'open', result()), day);
      process.stdout.write(`${c.ref}\n`);
    }
  } else if (mode === 'note') {
    for (let i = 0; i < Number(rest[1]); i++) {
      await store.updateCase(rest[0], (c) => addNote(c, `note ${process.pid} ${i}`, new Date()));
    }
  } else if (mode === 'resolve') {
    const seen = await store.getCase(rest[0]);
    // Both counters have read the case before either writes: the race the guard exists for.
    await new Promise((r) => setTimeout(r, 300));
    try {
      await store.updateCase(rest[0], (c) => resolveCase(c, { kind: 'refund', note: `by ${process.pid}` }, [], new Date()), { expectUpdatedAt: seen.updatedAt });
      process.stdout.write('ok\n');
    } catch (error) {
      process.stdout.write(`${error.key ?? error.message}\n`);
    }
  } else if (mode === 'forever') {
    for (;;) {
      const c = await store.createCase((ref, now) => newCase(ref, now, 'open', result(20_000)), day);
      process.stdout.write(`${c.ref}\n`);
    }
  }
} finally {
  await store.close();
}
