// A root access profile through AWS's own JS SDK (issue 28): Set-RootAccessProfile writes a profile in the pinned
// pwsh, and the SDK's shared-ini provider (the one fromIni and the default chain use) resolves it by running its
// credential_process, then calls the simulator as the member account's root. Run by build.ps1 after the suite.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from './simulator.mjs';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import * as sts from '@aws-sdk/client-sts';
import * as iam from '@aws-sdk/client-iam';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const configuration = process.env.ROOTACCESS_TEST_CONFIGURATION ?? 'Debug';
const playground = join(root, 'src/RootAccess.Playground/bin', configuration, 'net10.0/RootAccess.Playground.dll');
const work = mkdtempSync(join(tmpdir(), 'rootaccess-profile-'));
const file = join(work, 'credentials');

const { server, served: serving } = startSimulator('dotnet', [playground, '--serve'], root);
const served = await serving;

// The source credentials are the admin's, from the environment the SDK hands to the credential_process.
Object.assign(process.env, { AWS_ENDPOINT_URL: served.endpoint, AWS_ACCESS_KEY_ID: served.accessKey, AWS_SECRET_ACCESS_KEY: served.secretKey, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' });
const write = spawnSync('dotnet', ['pwsh', '-NoProfile', '-NonInteractive', '-Command', `Import-Module '${join(root, 'out/RootAccess/RootAccess.psd1')}'; Set-RootAccessProfile audit-444 444444444444 IAMAuditRootUserCredentials -Region us-east-1 -ProfileLocation '${file}' | Out-Null`], { cwd: root, encoding: 'utf8' });
const failures = [];
if (write.status !== 0) {
  failures.push(`Set-RootAccessProfile failed: ${write.stderr}`);
}

const text = readFileSync(file, 'utf8');
if (/aws_secret_access_key|aws_session_token|ASIA/.test(text)) {
  failures.push('the profile file holds a secret');
}

try {
  const credentials = fromIni({ profile: 'audit-444', filepath: file, configFilepath: join(work, 'no-config') });
  const config = { region: 'us-east-1', endpoint: served.endpoint, credentials };
  const identity = await new sts.STSClient(config).send(new sts.GetCallerIdentityCommand({}));
  if (identity.Arn !== 'arn:aws:iam::444444444444:root') {
    failures.push(`GetCallerIdentity answered ${identity.Arn}`);
  }

  try {
    await new iam.IAMClient(config).send(new iam.DeleteLoginProfileCommand({}));
    failures.push('a task outside IAMAuditRootUserCredentials was allowed');
  } catch (error) {
    if (error.name !== 'AccessDenied') {
      failures.push(`a task outside the policy failed with ${error.name}, not AccessDenied`);
    }
  }
} catch (error) {
  failures.push(`the profile did not resolve: ${error.name}: ${error.message}`);
}

server.stdin.end();
server.kill();
rmSync(work, { recursive: true, force: true });
console.log(failures.length === 0
  ? "profile: AWS's JS SDK (shared-ini provider) resolved a Set-RootAccessProfile profile as arn:aws:iam::444444444444:root; a task outside the policy was denied; the file holds no secret"
  : `profile: ${failures.join('; ')}`);
process.exit(failures.length === 0 ? 0 : 1);
