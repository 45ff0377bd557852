/** `pulsa report`: the owner's figures as one HTML page with charts, to print on A4 or share as PDF. */
import { EXIT } from '../errors.js';
import { openOutTarget, resolveOutTarget } from '../io/out-target.js';
import { writeOut } from '../io/write-out.js';
import { renderReportHtml } from '../ui/report-html.js';
import { openStoreToRead, type CommandContext } from './context.js';
import { causeTitles, collectStats, parseStatsOptions, type StatsOptions } from './stats.js';

export interface ReportOptions extends StatsOptions {
  out?: string;
  force?: boolean;
  /** Commander's --no-mask: false shows numbers in full. */
  mask?: boolean;
}

export async function runReport(options: ReportOptions, ctx: CommandContext): Promise<number> {
  parseStatsOptions(options, ctx.now);
  const store = await openStoreToRead(ctx);
  const outPath = options.out ? await resolveOutTarget(options.out, options.force === true, (path) => store.owns(path)) : null;
  const report = await collectStats(store, options, ctx.now);
  const html = renderReportHtml({
    report, t: ctx.t, lang: ctx.lang, mask: options.mask !== false, generatedAt: ctx.now, zone: process.env.TZ ?? 'UTC', causeTitle: causeTitles(report, ctx),
  });
  if (outPath) {
    const target = await openOutTarget(outPath, options.out!);
    try {
      await target.write(html);
      await target.commit();
    } catch (error) {
      await target.abort();
      throw error;
    }
    ctx.out.info(ctx.t('report.done', { path: options.out! }));
  } else {
    await writeOut(ctx.out.stdout, html);
  }
  return EXIT.ok;
}
