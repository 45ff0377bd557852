import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's chromium, which .ci/run installs; a missing browser fails the test rather than skipping it. */
export function chromiumPath(): string {
  for (const name of ['chromium', 'chromium-browser']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  throw new Error('chromium is not installed: apt-get install -y chromium (.ci/run does this)');
}

function chromium(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'pulsa-chromium-'));
  return new Promise((resolve, reject) => {
    const child = spawn(chromiumPath(), ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--no-first-run', '--hide-scrollbars', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(profile, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

/** Saves a PNG of the page as a person would see it in a window of the given size. */
export async function screenshot(htmlPath: string, pngPath: string, width = 800, height = 2200): Promise<void> {
  const { code, stderr } = await chromium([`--screenshot=${pngPath}`, `--window-size=${width},${height}`, `file://${htmlPath}`]);
  if (code !== 0) throw new Error(`chromium --screenshot exited ${code}: ${stderr}`);
}

// Runs first, before the page's own content, so any error the page raises is recorded.
const WATCH = `<script>window.__errors=[];addEventListener('error',function(e){__errors.push(String(e.message||e.type))},true);var __ce=console.error;console.error=function(){__errors.push([].join.call(arguments,' '));__ce.apply(console,arguments)};</script>`;

// Runs after the page has been laid out: what the browser actually drew, written into the DOM for --dump-dom.
const MEASURE = `<script>
(function(){
  var charts=[].map.call(document.querySelectorAll('svg[data-chart]'),function(svg){
    var box=svg.getBoundingClientRect();
    var bars=[].map.call(svg.querySelectorAll('rect.bar'),function(r){var b=r.getBBox();return {value:Number(r.getAttribute('data-value')),width:b.width,height:b.height};});
    return {name:svg.getAttribute('data-chart'),width:box.width,height:box.height,bars:bars};
  });
  var figures={};
  [].forEach.call(document.querySelectorAll('[data-figure]'),function(el){figures[el.getAttribute('data-figure')]={value:Number(el.getAttribute('data-value')),text:el.textContent,visible:el.getBoundingClientRect().height>0};});
  var moneyDays={};
  [].forEach.call(document.querySelectorAll('[data-money-day]'),function(el){moneyDays[el.getAttribute('data-money-day')]=Number(el.getAttribute('data-value'));});
  var out=document.createElement('pre');out.id='__checks';
  out.textContent=JSON.stringify({charts:charts,figures:figures,moneyDays:moneyDays,openRefs:[].map.call(document.querySelectorAll('[data-open-ref]'),function(e){return e.textContent}),repeatNumbers:[].map.call(document.querySelectorAll('[data-repeat-number]'),function(e){return e.textContent}),errors:window.__errors,resources:performance.getEntriesByType('resource').map(function(r){return r.name}),title:document.title});
  document.body.appendChild(out);
})();
</script>`;

export interface PageChecks {
  charts: { name: string; width: number; height: number; bars: { value: number; width: number; height: number }[] }[];
  figures: Record<string, { value: number; text: string; visible: boolean }>;
  moneyDays: Record<string, number>;
  openRefs: string[];
  repeatNumbers: string[];
  errors: string[];
  resources: string[];
  title: string;
}

/** Opens a copy of the page with a measuring script added and reads back what the browser laid out. */
export async function measurePage(htmlPath: string, workDir: string): Promise<PageChecks> {
  const html = readFileSync(htmlPath, 'utf8');
  const probe = join(workDir, 'probe.html');
  writeFileSync(probe, html.replace('<head>', `<head>${WATCH}`).replace('</body>', `${MEASURE}</body>`));
  const { code, stdout, stderr } = await chromium(['--dump-dom', '--window-size=800,1200', `file://${probe}`]);
  if (code !== 0) throw new Error(`chromium --dump-dom exited ${code}: ${stderr}`);
  const match = /<pre id="__checks">([\s\S]*?)<\/pre>/.exec(stdout);
  if (!match) throw new Error(`the measuring script did not run: ${stdout.slice(0, 500)}`);
  const text = match[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return JSON.parse(text) as PageChecks;
}
