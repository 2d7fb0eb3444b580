// The org-wide root-credential audit written with AWS's own SDK for JavaScript v3, for the benchmark's CPU comparison
// (bench/RootAccess.Bench, CpuBench): per account AssumeRoot (IAMAuditRootUserCredentials), then GetUser,
// GetLoginProfile, ListMFADevices, ListAccessKeys and ListSigningCertificates at once, then GetAccessKeyLastUsed per
// key; one IAM client per account, destroyed after it; <concurrency> accounts at a time. Prints one JSON line:
// {"accounts","failed","cpuMs","wallMs"} with this process's user + system CPU over the run (after a warm-up).
//   node sdk-audit.mjs <endpoint> <accountsFile> <concurrency> <accessKey> <secretKey> [warmup]
import { readFileSync } from 'node:fs';
import * as sts from '@aws-sdk/client-sts';
import * as iam from '@aws-sdk/client-iam';

const [endpoint, accountsFile, concurrencyText, accessKeyId, secretAccessKey, warmupText] = process.argv.slice(2);
const accounts = readFileSync(accountsFile, 'utf8').split('\n').map(a => a.trim()).filter(Boolean);
const concurrency = Number(concurrencyText);
const warmup = Number(warmupText ?? '200');
const region = 'us-east-1';
const stsClient = new sts.STSClient({ region, endpoint, credentials: { accessKeyId, secretAccessKey } });

async function audit(account) {
  const session = await stsClient.send(new sts.AssumeRootCommand({ TargetPrincipal: account, TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' }, DurationSeconds: 900 }));
  const credentials = { accessKeyId: session.Credentials.AccessKeyId, secretAccessKey: session.Credentials.SecretAccessKey, sessionToken: session.Credentials.SessionToken };
  const client = new iam.IAMClient({ region, endpoint, credentials });
  try {
    const optional = command => client.send(command).catch(error => { if (error.name !== 'NoSuchEntityException') { throw error; } });
    const [, , , keys] = await Promise.all([
      client.send(new iam.GetUserCommand({})),
      optional(new iam.GetLoginProfileCommand({})),
      client.send(new iam.ListMFADevicesCommand({})),
      client.send(new iam.ListAccessKeysCommand({})),
      client.send(new iam.ListSigningCertificatesCommand({})),
    ]);
    await Promise.all((keys.AccessKeyMetadata ?? []).map(k => client.send(new iam.GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId }))));
  } finally {
    client.destroy();
  }
}

async function run(list) {
  let next = 0;
  let failed = 0;
  async function worker() {
    while (next < list.length) {
      const account = list[next++];
      try {
        await audit(account);
      } catch {
        failed++;
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  return failed;
}

await run(accounts.slice(0, Math.min(warmup, accounts.length)));
const cpu = process.cpuUsage();
const started = performance.now();
const failed = await run(accounts);
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ accounts: accounts.length, failed, cpuMs: (used.user + used.system) / 1000, wallMs }));
stsClient.destroy();
