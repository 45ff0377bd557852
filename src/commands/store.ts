/** `pulsa store check|repair|timezone`: find what is wrong with the store, put it right without deleting, set the shop's zone. */
import { resolveTimeZone, zoneLabel, ZONE_ALIASES } from '../domain/time-zone.js';
import { EXIT, PulsaError } from '../errors.js';
import { checkStore, repairStore } from '../store/json/store-check.js';
import { openStore, type CommandContext } from './context.js';

export async function runStoreCheck(options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const problems = await checkStore(openStore(ctx), ctx.now);
  const failed = problems.some((p) => p.severity === 'error');
  if (options.json) ctx.out.json({ store: ctx.storePath, ok: !failed, problems });
  else {
    for (const p of problems) ctx.out.print(`${p.severity.padEnd(7)} ${p.code.padEnd(16)} ${p.path}: ${p.detail}`);
    ctx.out.info(ctx.t(problems.length === 0 ? 'store.checkClean' : failed ? 'store.checkDamaged' : 'store.checkNotices', { path: ctx.storePath, count: problems.length }));
  }
  return failed ? EXIT.store : EXIT.ok;
}

export async function runStoreRepair(options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const report = await repairStore(openStore(ctx), ctx.now);
  if (options.json) ctx.out.json(report);
  else {
    for (const path of report.moved) ctx.out.print(ctx.t('store.moved', { path, to: report.quarantine! }));
    for (const path of report.rebuilt) ctx.out.print(ctx.t('store.rebuilt', { path }));
    ctx.out.info(ctx.t('store.repaired', { count: report.moved.length }));
  }
  return EXIT.ok;
}

export async function runStoreTimeZone(zone: string | undefined, options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const store = openStore(ctx);
  if (zone !== undefined) {
    const resolved = resolveTimeZone(zone);
    if (!resolved) throw new PulsaError('error.badOption', { option: 'zone', input: zone, known: `${Object.keys(ZONE_ALIASES).join(', ')}, Asia/Jakarta…` }, EXIT.input);
    await store.setTimeZone(resolved);
  }
  const current = (await store.timeZone()) ?? process.env.TZ ?? '';
  if (options.json) ctx.out.json({ timeZone: current, label: zoneLabel(current) });
  else ctx.out.print(ctx.t('store.timeZone', { zone: current, label: zoneLabel(current) }));
  return EXIT.ok;
}
