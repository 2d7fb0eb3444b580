// The hardening report rendered in a real browser (Debian's chromium, headless): the playground writes the report for
// the sample organization, chromium runs its script and dumps the DOM, and the checks below assert on what was drawn.
// Run by .ci/run after `dotnet test` (which builds everything) and after it installs chromium if missing:
//   node tests/Browser/report.mjs [--screenshot docs/hardening-report.png]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'rootaccess-report-'));
const report = join(work, 'report.html');
const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
const failures = [];
const check = (what, ok, detail) => { if (!ok) failures.push(`${what}: ${detail ?? 'failed'}`); };

if (!browser) {
  console.error('report: no chromium found (.ci/run installs Debian\'s chromium); the report was not checked in a browser.');
  process.exit(1);
}

const run = spawnSync('dotnet', ['run', '--project', join(root, 'src', 'RootAccess.Playground'), '--', `Test-RootAccessHardening -ReportPath '${report}' | Out-Null`], { encoding: 'utf8', cwd: root });
check('playground', run.status === 0 && existsSync(report), `exit ${run.status}: ${run.stderr}`);

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--allow-file-access-from-files'];
const dom = spawnSync(browser, [...flags, '--virtual-time-budget=2000', '--dump-dom', `file://${report}`], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
const html = dom.stdout ?? '';
check('chromium', dom.status === 0 && html.includes('<html'), `exit ${dom.status}: ${dom.stderr?.slice(0, 400)}`);

// What only a browser running the page's script produces: the drawn chain.
check('script ran', /<body[^>]*data-rendered="true"/.test(html), 'the page script did not run');
const links = [...html.matchAll(/<g data-link="(\d)" data-state="(broken|open)">/g)].map(m => ({ link: Number(m[1]), state: m[2] }));
check('kill chain drawn', links.length === 4, `${links.length} links drawn`);
// The sample organization's SCP reaches Workloads but not Security, so link 2 (escalate to sts:AssumeRoot) is open.
check('link 2 open', links.find(l => l.link === 2)?.state === 'open', JSON.stringify(links));
check('link 4 not checked yet', html.includes('not checked yet'), 'link 4 has no controls yet and should say so');
check('scores', /data-priority="P0"><strong>P0<\/strong> 1 of 1 pass/.test(html), 'the P0 score is not 1 of 1');
check('SCP control row', /<tr data-control="RA-H07">[\s\S]*?<td class="Fail">Fail<\/td>[\s\S]*?ou-sim0-security1/.test(html), 'RA-H07 should fail naming the Security OU');
check('no external assets', !/(src|href)="https?:/.test(html), 'the report references the network');

const screenshot = process.argv.indexOf('--screenshot');
if (screenshot > 0) {
  const target = join(root, process.argv[screenshot + 1]);
  const shot = spawnSync(browser, [...flags, '--hide-scrollbars', '--window-size=1100,760', '--virtual-time-budget=2000', `--screenshot=${target}`, `file://${report}`], { encoding: 'utf8' });
  check('screenshot', shot.status === 0 && existsSync(target), `exit ${shot.status}: ${shot.stderr?.slice(0, 400)}`);
}

rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(`report: ${failures.length} failures:\n  - ${failures.join('\n  - ')}`);
  process.exit(1);
}

console.log(`report: rendered in ${browser} (headless): the kill chain drawn (${links.map(l => `${l.link} ${l.state}`).join(', ')}), scores and every control present, no external assets.`);
