// The simulator survives any client (issue 24): 3,000 member accounts audited through AWS's own JS SDK, one set of
// clients per account that is never closed (their keep-alive connections stay open), all accounts at once. Every
// account must be audited and the simulator must still answer afterwards. Run by conformance.mjs's caller (.ci/run
// through build.ps1) after the conformance suite; prints "stress: ..." and exits non-zero on any failure.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from './simulator.mjs';
import * as sts from '@aws-sdk/client-sts';
import * as iam from '@aws-sdk/client-iam';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const configuration = process.env.ROOTACCESS_TEST_CONFIGURATION ?? 'Debug';
const playground = join(root, 'src/RootAccess.Playground/bin', configuration, 'net10.0/RootAccess.Playground.dll');
const accounts = Number(process.env.ROOTACCESS_STRESS_ACCOUNTS ?? 3000);

const admin = { accessKeyId: 'AKIASTRESSADMIN00001', secretAccessKey: 'stress/admin/secret/0000000000000000000000' };
const members = Array.from({ length: accounts }, (_, i) => String(200000000000 + i + 1));
const fixture = {
  organizationId: 'o-stress00001',
  managementAccountId: '100000000000',
  featureSet: 'ALL',
  features: { trustedAccessForIam: true, rootCredentialsManagement: true, rootSessions: true },
  callers: [{ ...admin, accountId: '100000000000', arn: 'arn:aws:iam::100000000000:role/RootAccessAdmin' }],
  roots: [{ id: 'r-strs', name: 'Root' }],
  accounts: [{ id: '100000000000', name: 'management' }, ...members.map((id, i) => ({ id, name: `member-${i + 1}`, rootUser: i % 2 ? { password: { createDate: '2024-01-01T00:00:00Z' } } : {} }))],
};
const work = mkdtempSync(join(tmpdir(), 'rootaccess-stress-'));
const file = join(work, 'stress-organization.json');
writeFileSync(file, JSON.stringify(fixture));

const { server, served } = startSimulator('dotnet', [playground, '--serve', '--org', file], root);
let exited = null;
server.on('exit', code => { exited = code; });
const endpoint = (await served).endpoint;

const config = credentials => ({ region: 'us-east-1', endpoint, credentials });
const started = Date.now();
const outcomes = await Promise.all(members.map(async account => {
  try {
    const caller = new sts.STSClient(config(admin)); // one per account, never destroyed
    const session = await caller.send(new sts.AssumeRootCommand({ TargetPrincipal: account, TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' }, DurationSeconds: 900 }));
    const c = session.Credentials;
    const client = new iam.IAMClient(config({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }));
    await Promise.all([client.send(new iam.ListAccessKeysCommand({})), client.send(new iam.ListMFADevicesCommand({})), client.send(new iam.ListSigningCertificatesCommand({}))]);
    return null;
  } catch (error) {
    return `${account}: ${error.name}: ${error.message}`;
  }
}));
const seconds = (Date.now() - started) / 1000;
const failed = outcomes.filter(Boolean);

let alive = false;
try {
  const probe = new sts.STSClient(config(admin));
  alive = (await probe.send(new sts.GetCallerIdentityCommand({}))).Account === '100000000000' && exited === null;
} catch {
  alive = false;
}

server.stdin.end();
server.kill();
rmSync(work, { recursive: true, force: true });
console.log(`stress: ${accounts} accounts through AWS's JS SDK, one never-closed client set each, in ${seconds.toFixed(1)} s: ${failed.length} failed, simulator ${alive ? 'alive' : 'DEAD'}`);
for (const line of failed.slice(0, 5)) {
  console.log(`  ${line}`);
}

process.exit(failed.length === 0 && alive ? 0 : 1);
