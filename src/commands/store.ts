/**
 * `pulsa store check|repair|timezone|migrate|copy`, `pulsa import` and `pulsa backup`: finding what is wrong with
 * the store and putting it right without deleting, the shop's zone, and keeping and moving the shop's cases.
 */
import { existsSync } from 'node:fs';
import type { Case } from '../domain/cases.js';
import { resolveTimeZone, zoneLabel, ZONE_ALIASES } from '../domain/time-zone.js';
import { EXIT, PulsaError } from '../errors.js';
import { BACKUP_FORMAT, readCaseFile } from '../io/case-files.js';
import { openOutTarget, resolveOutTarget } from '../io/out-target.js';
import { JsonCaseStore } from '../store/case-store.js';
import { caseHash } from '../store/compare.js';
import { checkStore, repairStore } from '../store/json/store-check.js';
import { displayLocation, isPostgresLocation } from '../store/open.js';
import { resolveStorePath } from '../store/paths.js';
import { copyStore, emptyReport, filer, putMany, verifyCopy, type TransferReport } from '../store/transfer.js';
import { openStore, type CommandContext } from './context.js';
import { sha256, sha256Hex } from '../io/sha256.js';

interface JsonOption {
  json?: boolean;
}

/** Creates or upgrades the PostgreSQL schema; a JSON store needs none. Running it again changes nothing. */
export async function runMigrate(options: JsonOption, ctx: CommandContext): Promise<number> {
  if (!isPostgresLocation(ctx.storePath)) {
    if (options.json) ctx.out.json({ store: ctx.storePath, kind: 'json', from: null, to: null });
    else ctx.out.print(ctx.t('store.migrateJson', { path: ctx.storePath }));
    return EXIT.ok;
  }
  const { PgCaseStore } = await import('../store/postgres.js');
  // Opening migrates; asking again reports where it stands now.
  const store = await openStore(ctx);
  if (!(store instanceof PgCaseStore)) throw new PulsaError('error.storeUnreachable', { path: ctx.storePath, reason: 'not PostgreSQL' }, EXIT.store);
  const report = store.migration;
  const location = displayLocation(ctx.storePath);
  if (options.json) ctx.out.json({ store: location, kind: 'postgres', from: report.from, to: report.to });
  else ctx.out.print(ctx.t(report.from === report.to ? 'store.upToDate' : 'store.migrated', { path: location, from: report.from, version: report.to }));
  return EXIT.ok;
}

/** Copies everything from one store to the other, then checks every case arrived identical. */
export async function runCopy(options: JsonOption & { from: string; to: string }, ctx: CommandContext): Promise<number> {
  const from = resolveStorePath(options.from);
  const to = resolveStorePath(options.to);
  if (from === to) throw new PulsaError('error.copySame', { path: displayLocation(from) }, EXIT.input);
  const source = await openStore(ctx, from);
  const target = await openStore(ctx, to);
  const report = await copyStore(source, target, (done) => ctx.out.info(ctx.t('store.copyProgress', { count: done })));
  const verification = await verifyCopy(source, target);
  const ok = report.conflicts.length === 0 && verification.mismatched.length === 0;
  if (options.json) ctx.out.json({ from: displayLocation(from), to: displayLocation(to), ...report, verified: verification.checked, mismatched: verification.mismatched, ok });
  else printTransfer(ctx, report, verification.checked, verification.mismatched);
  return ok ? EXIT.ok : EXIT.failure;
}

/** Reads an export (JSON or NDJSON) or a backup back into the store; a second import adds nothing. */
export async function runImport(file: string, options: JsonOption, ctx: CommandContext): Promise<number> {
  if (!existsSync(file)) throw new PulsaError('error.importUnreadable', { path: file, reason: 'ENOENT' }, EXIT.input);
  const store = await openStore(ctx);
  const report = emptyReport();
  // Cases are filed many at a time, and before any evidence, whose case must be filed first. A file that turns
  // out damaged keeps the cases that came before the damage.
  const cases = filer((batch) => putMany(store, batch, report));
  try {
    for await (const item of readCaseFile(file)) {
      if (item.kind === 'case') {
        await cases.add(item.case);
        continue;
      }
      await cases.flush();
      if (item.kind !== 'evidence') continue;
      const bytes = Buffer.from(item.evidence.data, 'base64');
      if (sha256Hex(bytes) !== item.evidence.sha256) {
        throw new PulsaError('error.evidenceChanged', { ref: item.evidence.ref, path: `${file}:${item.line}` }, EXIT.input);
      }
      if (!report.conflicts.includes(item.evidence.ref)) {
        await store.putEvidence(item.evidence.ref, [{ storedAs: item.evidence.storedAs, sha256: item.evidence.sha256, bytes }]);
        report.evidence += 1;
      }
    }
  } catch (error) {
    // The damage is what to report: a store that also fails to take the cases before it says so on the next run.
    await cases.flush().catch(() => {});
    throw error;
  }
  await cases.flush();
  if (options.json) ctx.out.json({ file, ...report, ok: report.conflicts.length === 0 });
  else printTransfer(ctx, report);
  return report.conflicts.length === 0 ? EXIT.ok : EXIT.failure;
}

/** A consistent snapshot of the store, cases and evidence, as one NDJSON file `pulsa import` restores. */
export async function runBackup(options: JsonOption & { out: string; force?: boolean }, ctx: CommandContext): Promise<number> {
  const store = await openStore(ctx);
  // A backup never replaces the store's own files, whatever --force says (nor a folder or a device).
  const out = await resolveOutTarget(options.out, options.force === true, (path) => store.owns(path));
  if (out === null) throw new PulsaError('error.backupNotFile', { path: options.out }, EXIT.input);
  const writer = await openOutTarget(out, options.out);
  let cases = 0;
  let evidence = 0;
  const digest = sha256();
  try {
    await writer.write(JSON.stringify({ pulsaDoctorBackup: BACKUP_FORMAT, createdAt: ctx.now.toISOString(), source: store.kind }) + '\n');
    for await (const day of store.snapshot()) {
      let chunk = '';
      const withEvidence: Case[] = [];
      for (const c of day) {
        chunk += JSON.stringify({ case: c }) + '\n';
        digest.update(caseHash(c));
        cases += 1;
        if (c.evidence.length) withEvidence.push(c);
      }
      await writer.write(chunk);
      for (const c of withEvidence) {
        for (const e of c.evidence) {
          const bytes = await store.readEvidence(c.ref, e.storedAs, e.sha256);
          await writer.write(JSON.stringify({ evidence: { ref: c.ref, storedAs: e.storedAs, sha256: e.sha256, data: bytes.toString('base64') } }) + '\n');
          evidence += 1;
        }
      }
    }
    await writer.write(JSON.stringify({ end: { cases, evidence, sha256: digest.digest('hex') } }) + '\n');
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  if (options.json) ctx.out.json({ out: options.out, store: displayLocation(ctx.storePath), cases, evidence });
  else ctx.out.info(ctx.t('store.backedUp', { count: cases, evidence, path: options.out }));
  return EXIT.ok;
}

function printTransfer(ctx: CommandContext, report: TransferReport, verified?: number, mismatched: string[] = []): void {
  ctx.out.print(ctx.t('store.transferred', { inserted: report.inserted, same: report.same, evidence: report.evidence }));
  if (verified !== undefined) ctx.out.print(ctx.t('store.verified', { checked: verified, matched: verified - mismatched.length }));
  if (report.conflicts.length) ctx.out.info(ctx.t('store.conflicts', { count: report.conflicts.length, refs: report.conflicts.slice(0, 20).join(', ') }));
  if (mismatched.length) ctx.out.info(ctx.t('store.mismatched', { count: mismatched.length, refs: mismatched.slice(0, 20).join(', ') }));
}

/** Check, repair and the recorded zone are about the JSON store's files; a database keeps its own integrity. */
async function jsonStore(ctx: CommandContext): Promise<JsonCaseStore> {
  const store = await openStore(ctx);
  if (!(store instanceof JsonCaseStore)) throw new PulsaError('error.jsonStoreOnly', { path: store.location }, EXIT.input);
  return store;
}

/**
 * The store check and repair look at: one named on the command line or in the environment must be there (a
 * head or a cases folder). A mistyped path is not a healthy store.
 */
async function storeToCheck(ctx: CommandContext): Promise<JsonCaseStore> {
  const store = await jsonStore(ctx);
  if (ctx.storeGiven && !existsSync(store.path) && !existsSync(store.casesDir)) throw new PulsaError('error.storeMissing', { path: displayLocation(ctx.storePath) }, EXIT.store);
  return store;
}

export async function runStoreCheck(options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const problems = await checkStore(await storeToCheck(ctx), ctx.now);
  const failed = problems.some((p) => p.severity === 'error');
  if (options.json) ctx.out.json({ store: ctx.storePath, ok: !failed, problems });
  else {
    for (const p of problems) ctx.out.print(`${p.severity.padEnd(7)} ${p.code.padEnd(16)} ${p.path}: ${p.detail}`);
    ctx.out.info(ctx.t(problems.length === 0 ? 'store.checkClean' : failed ? 'store.checkDamaged' : 'store.checkNotices', { path: ctx.storePath, count: problems.length }));
  }
  return failed ? EXIT.store : EXIT.ok;
}

export async function runStoreRepair(options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const report = await repairStore(await storeToCheck(ctx), ctx.now);
  if (options.json) ctx.out.json(report);
  else {
    for (const path of report.moved) ctx.out.print(ctx.t('store.moved', { path, to: report.quarantine! }));
    for (const path of report.rebuilt) ctx.out.print(ctx.t('store.rebuilt', { path }));
    ctx.out.info(ctx.t('store.repaired', { count: report.moved.length }));
  }
  return EXIT.ok;
}

export async function runStoreTimeZone(zone: string | undefined, options: { json?: boolean }, ctx: CommandContext): Promise<number> {
  const store = await jsonStore(ctx);
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
