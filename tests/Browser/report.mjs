// The hardening report rendered in a real browser (Debian's chromium, headless): the playground writes the report for
// the sample and the hardened organization, chromium runs its script and dumps the DOM, and the checks below assert on what was drawn.
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

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--allow-file-access-from-files'];

// Writes the report of an organization with the playground and returns the DOM chromium drew from it.
function render(path, script, org) {
  const run = spawnSync('dotnet', ['run', '--project', join(root, 'src', 'RootAccess.Playground'), '--', ...(org ? ['--org', org] : []), `${script} -ReportPath '${path}' | Out-Null`], { encoding: 'utf8', cwd: root });
  check(`playground ${org ?? 'sample'}`, run.status === 0 && existsSync(path), `exit ${run.status}: ${run.stderr}`);
  const dom = spawnSync(browser, [...flags, '--virtual-time-budget=2000', '--dump-dom', `file://${path}`], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const html = dom.stdout ?? '';
  check('chromium', dom.status === 0 && html.includes('<html'), `exit ${dom.status}: ${dom.stderr?.slice(0, 400)}`);
  // What only a browser running the page's script produces: the drawn chain.
  check('script ran', /<body[^>]*data-rendered="true"/.test(html), 'the page script did not run');
  check('no external assets', !/(src|href)="https?:/.test(html), 'the report references the network');
  return { html, links: [...html.matchAll(/<g data-link="(\d)" data-state="(broken|open)">/g)].map(m => ({ link: Number(m[1]), state: m[2] })) };
}

// The sample organization is built to fail controls on every link of the chain.
const { html, links } = render(report, 'Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin');
check('kill chain drawn', links.length === 4, `${links.length} links drawn`);
check('every link open', links.every(l => l.state === 'open'), JSON.stringify(links));
check('every link checked', !html.includes('>not checked yet<') && (html.match(/>open</g) ?? []).length === 4, 'every link has controls now and each is drawn open');
check('scores', /data-priority="P0"><strong>P0<\/strong> 1 of 6 pass/.test(html), 'the P0 score is not 1 of 6');
check('SCP control row', /<tr data-control="RA-H07">[\s\S]*?<td class="Fail">Fail<\/td>[\s\S]*?ou-sim0-security1/.test(html), 'RA-H07 should fail naming the Security OU');
check('alerting row', /<tr data-control="RA-H05">[\s\S]*?<td class="Fail">Fail<\/td>[\s\S]*?assume-root-alerts/.test(html), 'RA-H05 should fail naming the rule');
check('trail row unknown', /<tr data-control="RA-H06">[\s\S]*?<td class="Unknown">Unknown<\/td>/.test(html), 'RA-H06 is Unknown without the log archive credentials');

// The hardened organization breaks every link.
const hardened = render(join(work, 'hardened.html'), 'Test-RootAccessHardening -BreakGlassPrincipal role/BreakGlassAdmin -LogArchiveProfileName log-archive', join(root, 'src', 'RootAccess.Simulator', 'hardened-organization.json'));
check('hardened: every link broken', hardened.links.length === 4 && hardened.links.every(l => l.state === 'broken'), JSON.stringify(hardened.links));
check('hardened: scores', /data-priority="P0"><strong>P0<\/strong> 6 of 6 pass/.test(hardened.html) && /data-priority="P2"><strong>P2<\/strong> 3 of 3 pass/.test(hardened.html), 'not every control passes');

// The rollout's evidence summary: a static page (no script) that must read complete in a browser as in a mail client.
const pack = join(work, 'pack');
const rollout = spawnSync('dotnet', ['run', '--project', join(root, 'src', 'RootAccess.Playground'), '--', `Invoke-RootCredentialRollout -StatePath '${join(work, 'rollout.json')}' -Force -ExcludeAccountId 222222222222 -ExcludeReason 'break-glass' -EvidencePath '${pack}' | Out-Null`], { encoding: 'utf8', cwd: root });
check('playground rollout', rollout.status === 0 && existsSync(join(pack, 'summary.html')), `exit ${rollout.status}: ${rollout.stderr}`);
const summaryDom = spawnSync(browser, [...flags, '--dump-dom', `file://${join(pack, 'summary.html')}`], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
const summary = summaryDom.stdout ?? '';
check('summary: chromium', summaryDom.status === 0 && summary.includes('<html'), `exit ${summaryDom.status}: ${summaryDom.stderr?.slice(0, 400)}`);
check('summary: complete', summary.includes('data-complete="true"'), 'the summary does not say the rollout is complete');
check('summary: counts', /<td data-state="Excluded">1<\/td>/.test(summary) && /<td data-state="Total">8<\/td>/.test(summary), 'the counts per state are not drawn');
check('summary: excluded account listed', /<tr data-account="222222222222">[\s\S]*?break-glass/.test(summary), 'the excluded account and its reason are missing');
check('summary: controls', /<tr data-control="Security Hub IAM.4">/.test(summary), 'the control table is missing');
check('summary: no script or external asset', !/<script/i.test(summary) && !/(src|href)="https?:/.test(summary), 'the summary runs a script or references the network');

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

console.log(`report: the evidence summary drawn complete with its counts, controls and excluded account; rendered in ${browser} (headless): the sample's kill chain (${links.map(l => `${l.link} ${l.state}`).join(', ')}) and the hardened organization's (${hardened.links.map(l => `${l.link} ${l.state}`).join(', ')}), scores and controls present, no external assets.`);
