// The simulator checked by AWS's own generated clients (AWS SDK for JavaScript v3, pinned in package-lock.json), and
// the module's own requests compared with theirs. Run by .ci/run after `dotnet test` has built everything:
//   node tests/Conformance/conformance.mjs
// It starts the playground twice: once to run module-requests.ps1 (recording what the module sends), once with
// --serve (the simulator alone) for the SDK clients. Exits non-zero on the first table of failures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from './simulator.mjs';
import { isDeepStrictEqual } from 'node:util';
import * as sts from '@aws-sdk/client-sts';
import * as iam from '@aws-sdk/client-iam';
import * as organizations from '@aws-sdk/client-organizations';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as s3 from '@aws-sdk/client-s3';
import * as sqs from '@aws-sdk/client-sqs';
import * as eventbridge from '@aws-sdk/client-eventbridge';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const playground = join(root, 'src', 'RootAccess.Playground');
const work = mkdtempSync(join(tmpdir(), 'rootaccess-conformance-'));
const failures = [];
const covered = new Map(); // "service:Operation" -> what was checked
const started = Date.now();

function check(what, condition, detail) {
  if (!condition) {
    failures.push(`${what}: ${detail ?? 'failed'}`);
  }
}

function cover(service, operation, note) {
  const key = `${service}:${operation}`;
  covered.set(key, [...(covered.get(key) ?? []), note]);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. What the module sends: the playground runs module-requests.ps1 and records every request.
const moduleLog = join(work, 'module.jsonl');
const moduleRun = spawnSync('dotnet', ['run', '--project', playground, '--', '--file', join(here, 'module-requests.ps1'), '--record-requests', moduleLog], { encoding: 'utf8', cwd: root });
check('module script', moduleRun.status === 0, `exit ${moduleRun.status}: ${moduleRun.stderr}`);
const moduleRequests = readFileSync(moduleLog, 'utf8').split('\n').filter(Boolean).map(JSON.parse);

// ---------------------------------------------------------------------------------------------------------------
// 2. The simulator alone, for AWS's clients.
const { server, served: serving } = startSimulator('dotnet', ['run', '--project', playground, '--', '--serve', '--record-requests', join(work, 'served.jsonl')], root);
const served = await serving;
const endpoint = served.endpoint;
const admin = { accessKeyId: served.accessKey, secretAccessKey: served.secretKey };
const region = 'us-east-1';
// No retries: one request per call, so each call's request is the last one the simulator logged.
const config = credentials => ({ region, endpoint, credentials, maxAttempts: 1 });
const management = '111111111111';

async function requestsSince(count) {
  const all = await (await fetch(`${endpoint}/__simulator/requests`)).json();
  return all.slice(count);
}

async function logLength() {
  return (await (await fetch(`${endpoint}/__simulator/requests`)).json()).length;
}

// The sample organization has AWS's request-rate quotas, and the simulator enforces them (CloudTrail LookupEvents 2/s,
// Organizations 10/s, IAM 20/s per account): calls are paced under them so that a throttle never hides an answer.
const spacing = new Map([[cloudtrail.CloudTrailClient, 600], [organizations.OrganizationsClient, 120], [iam.IAMClient, 60]]);
const lastCall = new Map();
async function paced(client) {
  for (const [type, milliseconds] of spacing) {
    if (client instanceof type) {
      const wait = (lastCall.get(type) ?? 0) + milliseconds - Date.now();
      if (wait > 0) {
        await new Promise(resolve => setTimeout(resolve, wait));
      }

      lastCall.set(type, Date.now());
    }
  }
}

// Runs a command and returns { output } or { error }, with the wire request it made.
async function call(client, command) {
  await paced(client);
  const before = await logLength();
  try {
    const output = await client.send(command);
    return { output, requests: await requestsSince(before) };
  } catch (error) {
    return { error, requests: await requestsSince(before) };
  }
}

const isDate = value => value instanceof Date && !Number.isNaN(value.getTime());
const isString = value => typeof value === 'string';

async function ok(service, operation, client, command, assertions) {
  const result = await call(client, command);
  const what = `${service}:${operation}`;
  if (result.error) {
    check(what, false, `expected success, got ${result.error.name} (${result.error.$metadata?.httpStatusCode}): ${result.error.message}`);
    return undefined;
  }

  check(`${what} status`, result.output.$metadata.httpStatusCode >= 200 && result.output.$metadata.httpStatusCode < 300, `HTTP ${result.output.$metadata.httpStatusCode}`);
  check(`${what} request id`, isString(result.output.$metadata.requestId) && result.output.$metadata.requestId.length > 0, 'no request id');
  for (const [name, holds] of Object.entries(assertions ?? {})) {
    let passed = false;
    try {
      passed = holds(result.output);
    } catch (error) {
      passed = false;
    }

    if (!passed) {
      check(`${what} ${name}`, false, JSON.stringify(result.output, (k, v) => (k === '$metadata' || k === 'Body' ? undefined : v)).slice(0, 400));
    }
  }

  cover(service, operation, 'parsed and typed');
  return result.output;
}

// The model's name, fault and HTTP status of an error (AWS's SDK classes carry name and $fault).
async function fails(service, operation, client, command, name, fault, status) {
  const result = await call(client, command);
  const what = `${service}:${operation} error`;
  if (!result.error) {
    check(what, false, `expected ${name}, got success`);
    return;
  }

  check(what, result.error.name === name, `expected ${name}, got ${result.error.name}: ${result.error.message}`);
  check(`${what} fault`, result.error.$fault === fault, `expected ${fault}, got ${result.error.$fault}`);
  check(`${what} status`, result.error.$metadata?.httpStatusCode === status, `expected HTTP ${status}, got ${result.error.$metadata?.httpStatusCode}`);
  check(`${what} request id`, isString(result.error.$metadata?.requestId) && result.error.$metadata.requestId.length > 0, 'no request id');
  cover(service, operation, `${name} ${status}`);
}

const caller = {
  sts: new sts.STSClient(config(admin)),
  iam: new iam.IAMClient(config(admin)),
  organizations: new organizations.OrganizationsClient(config(admin)),
  cloudtrail: new cloudtrail.CloudTrailClient(config(admin)),
  s3: new s3.S3Client({ ...config(admin), forcePathStyle: true }),
  sqs: new sqs.SQSClient(config(admin)),
  events: new eventbridge.EventBridgeClient(config(admin)),
};
// The sample's log archive auditor (a caller of account 333333333333).
const logArchive = { accessKeyId: 'AKIASIMULATORLOGARC1', secretAccessKey: 'simulator/log-archive/audit/secret/key000' };
const forged = { accessKeyId: admin.accessKeyId, secretAccessKey: 'not-the-secret-not-the-secret-not-the-secret' };

async function rootSession(account, task) {
  const output = await ok('sts', 'AssumeRoot', caller.sts, new sts.AssumeRootCommand({ TargetPrincipal: account, TaskPolicyArn: { arn: `arn:aws:iam::aws:policy/root-task/${task}` }, DurationSeconds: 900 }), {
    'Credentials.AccessKeyId is a string': o => isString(o.Credentials.AccessKeyId),
    'Credentials.Expiration is a timestamp': o => isDate(o.Credentials.Expiration),
    'SourceIdentity is a string': o => o.SourceIdentity === undefined || isString(o.SourceIdentity),
  });
  const credentials = { accessKeyId: output.Credentials.AccessKeyId, secretAccessKey: output.Credentials.SecretAccessKey, sessionToken: output.Credentials.SessionToken };
  return {
    credentials,
    sts: new sts.STSClient(config(credentials)),
    iam: new iam.IAMClient(config(credentials)),
    s3: new s3.S3Client({ ...config(credentials), forcePathStyle: true }),
    sqs: new sqs.SQSClient(config(credentials)),
    organizations: new organizations.OrganizationsClient(config(credentials)),
    cloudtrail: new cloudtrail.CloudTrailClient(config(credentials)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Every operation the simulator serves, happy and error paths, through AWS's clients.
await ok('sts', 'GetCallerIdentity', caller.sts, new sts.GetCallerIdentityCommand({}), { 'Account is the management account': o => o.Account === management, 'Arn is a string': o => isString(o.Arn) });
await fails('sts', 'AssumeRoot', caller.sts, new sts.AssumeRootCommand({ TargetPrincipal: management, TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' } }), 'AccessDenied', 'client', 403);
await fails('sts', 'AssumeRoot', caller.sts, new sts.AssumeRootCommand({ TargetPrincipal: '222222222222', TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' }, DurationSeconds: 901 }), 'ValidationError', 'client', 400);
await fails('sts', 'GetCallerIdentity', new sts.STSClient(config(forged)), new sts.GetCallerIdentityCommand({}), 'SignatureDoesNotMatch', 'client', 403);

// Role sessions: AssumeRole against a trust policy, and AssumeRoleWithWebIdentity (unsigned) with a token from the
// managed-identity stand-in, as an Azure Automation runbook gets one.
const assumed = await ok('sts', 'AssumeRole', caller.sts, new sts.AssumeRoleCommand({ RoleArn: 'arn:aws:iam::888888888888:role/BillingAudit', RoleSessionName: 'conformance' }), {
  'Credentials are strings and a timestamp': o => isString(o.Credentials.AccessKeyId) && isString(o.Credentials.SessionToken) && isDate(o.Credentials.Expiration),
  'AssumedRoleUser names the session': o => o.AssumedRoleUser.Arn === 'arn:aws:sts::888888888888:assumed-role/BillingAudit/conformance' && /^AROA[A-Z0-9]+:conformance$/.test(o.AssumedRoleUser.AssumedRoleId),
});
if (assumed) {
  const role = { accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken };
  await ok('sts', 'GetCallerIdentity', new sts.STSClient(config(role)), new sts.GetCallerIdentityCommand({}), { 'an assumed role answers its session': o => o.Account === '888888888888' && o.Arn === assumed.AssumedRoleUser.Arn && o.UserId === assumed.AssumedRoleUser.AssumedRoleId });
}
// The admin role has no MFA on long-term keys, and the break-glass role's trust requires it.
await fails('sts', 'AssumeRole', caller.sts, new sts.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${management}:role/BreakGlassAdmin`, RoleSessionName: 'conformance' }), 'AccessDenied', 'client', 403);

async function identityToken(resource) {
  const response = await fetch(`${served.identityEndpoint}?resource=${encodeURIComponent(resource)}&api-version=2019-08-01`, { headers: { 'X-IDENTITY-HEADER': served.identityHeader } });
  check('managed-identity stand-in', response.status === 200, `HTTP ${response.status}`);
  return (await response.json()).access_token;
}

const anonymous = new sts.STSClient({ region, endpoint, maxAttempts: 1 });
const webRole = `arn:aws:iam::${management}:role/RootAccessAzureAutomation`;
const web = await ok('sts', 'AssumeRoleWithWebIdentity', anonymous, new sts.AssumeRoleWithWebIdentityCommand({ RoleArn: webRole, RoleSessionName: 'runbook', WebIdentityToken: await identityToken('api://rootaccess-aws') }), {
  'Credentials are strings and a timestamp': o => isString(o.Credentials.SecretAccessKey) && isDate(o.Credentials.Expiration),
  'AssumedRoleUser, subject, audience, provider': o => o.AssumedRoleUser.Arn === `arn:aws:sts::${management}:assumed-role/RootAccessAzureAutomation/runbook` && o.SubjectFromWebIdentityToken === 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' && o.Audience === 'api://rootaccess-aws' && o.Provider.endsWith(':oidc-provider/sts.windows.net/11111111-2222-4333-8444-555555555555/'),
});
if (web) {
  const session = { accessKeyId: web.Credentials.AccessKeyId, secretAccessKey: web.Credentials.SecretAccessKey, sessionToken: web.Credentials.SessionToken };
  await ok('organizations', 'DescribeOrganization', new organizations.OrganizationsClient(config(session)), new organizations.DescribeOrganizationCommand({}), { 'a web identity session is a principal of its account': o => o.Organization.MasterAccountId === management });
}
await fails('sts', 'AssumeRoleWithWebIdentity', anonymous, new sts.AssumeRoleWithWebIdentityCommand({ RoleArn: webRole, RoleSessionName: 'runbook', WebIdentityToken: await identityToken('api://someone-else') }), 'InvalidIdentityTokenException', 'client', 400);
await fails('sts', 'AssumeRoleWithWebIdentity', anonymous, new sts.AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${management}:role/OtherTenantAutomation`, RoleSessionName: 'runbook', WebIdentityToken: await identityToken('api://rootaccess-aws') }), 'AccessDenied', 'client', 403);
const tampered = (await identityToken('api://rootaccess-aws')).replace(/\.([^.]+)\./, (_, body) => '.' + Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url')), sub: 'someone-else' })).toString('base64url') + '.');
await fails('sts', 'AssumeRoleWithWebIdentity', anonymous, new sts.AssumeRoleWithWebIdentityCommand({ RoleArn: webRole, RoleSessionName: 'runbook', WebIdentityToken: tampered }), 'InvalidIdentityTokenException', 'client', 400);
await fetch(`${endpoint}/__simulator/identity`, { method: 'POST', body: JSON.stringify({ lifetimeSeconds: -600 }) });
await fails('sts', 'AssumeRoleWithWebIdentity', anonymous, new sts.AssumeRoleWithWebIdentityCommand({ RoleArn: webRole, RoleSessionName: 'runbook', WebIdentityToken: await identityToken('api://rootaccess-aws') }), 'ExpiredTokenException', 'client', 400);
await fetch(`${endpoint}/__simulator/identity`, { method: 'POST', body: JSON.stringify({ lifetimeSeconds: 86400 }) });

const audit = await rootSession('888888888888', 'IAMAuditRootUserCredentials');
await ok('iam', 'GetUser', audit.iam, new iam.GetUserCommand({}), {
  'User.Path, UserName, UserId, Arn are strings (required)': o => [o.User.Path, o.User.UserName, o.User.UserId, o.User.Arn].every(isString),
  'User.CreateDate is a timestamp (required)': o => isDate(o.User.CreateDate),
  'User.PasswordLastUsed is a timestamp': o => isDate(o.User.PasswordLastUsed),
});
await ok('iam', 'GetLoginProfile', audit.iam, new iam.GetLoginProfileCommand({}), { 'LoginProfile.CreateDate is a timestamp': o => isDate(o.LoginProfile.CreateDate) });
await ok('iam', 'ListMFADevices', audit.iam, new iam.ListMFADevicesCommand({}), { 'MFADevices is a list': o => Array.isArray(o.MFADevices), 'IsTruncated is a boolean': o => o.IsTruncated === undefined || typeof o.IsTruncated === 'boolean' });
const keys = await ok('iam', 'ListAccessKeys', audit.iam, new iam.ListAccessKeysCommand({}), { 'AccessKeyMetadata has ids and dates': o => o.AccessKeyMetadata.length === 2 && o.AccessKeyMetadata.every(k => isString(k.AccessKeyId) && isDate(k.CreateDate) && ['Active', 'Inactive'].includes(k.Status)) });
await ok('iam', 'ListSigningCertificates', audit.iam, new iam.ListSigningCertificatesCommand({}), { 'Certificates is a list': o => Array.isArray(o.Certificates) });
await ok('iam', 'GetAccessKeyLastUsed', audit.iam, new iam.GetAccessKeyLastUsedCommand({ AccessKeyId: keys?.AccessKeyMetadata[0].AccessKeyId ?? 'AKIA8888EXAMPLE00001' }), { 'LastUsedDate is a timestamp': o => isDate(o.AccessKeyLastUsed.LastUsedDate), 'ServiceName is a string': o => isString(o.AccessKeyLastUsed.ServiceName) });
await ok('iam', 'GetAccountSummary', audit.iam, new iam.GetAccountSummaryCommand({}), { 'SummaryMap has numbers': o => Object.values(o.SummaryMap).every(v => typeof v === 'number') });
await fails('iam', 'DeleteAccessKey', audit.iam, new iam.DeleteAccessKeyCommand({ AccessKeyId: 'AKIA8888EXAMPLE00001' }), 'AccessDenied', 'client', 403);
await fails('iam', 'ListOrganizationsFeatures', audit.iam, new iam.ListOrganizationsFeaturesCommand({}), 'AccessDenied', 'client', 403);
await fails('organizations', 'DescribeOrganization', audit.organizations, new organizations.DescribeOrganizationCommand({}), 'AccessDeniedException', 'client', 403);
await fails('cloudtrail', 'LookupEvents', audit.cloudtrail, new cloudtrail.LookupEventsCommand({}), 'AccessDeniedException', 'client', 403);
// AWS never denies GetCallerIdentity, a root session included: it answers as the account's root.
await ok('sts', 'GetCallerIdentity', audit.sts, new sts.GetCallerIdentityCommand({}), { 'a root session is its account root': o => o.Account === '888888888888' && o.Arn === 'arn:aws:iam::888888888888:root' });

const fresh = await rootSession('222222222222', 'IAMAuditRootUserCredentials');
await fails('iam', 'GetLoginProfile', fresh.iam, new iam.GetLoginProfileCommand({}), 'NoSuchEntityException', 'client', 404);
const create = await rootSession('222222222222', 'IAMCreateRootUserPassword');
await ok('iam', 'CreateLoginProfile', create.iam, new iam.CreateLoginProfileCommand({}), { 'LoginProfile.CreateDate is a timestamp': o => isDate(o.LoginProfile.CreateDate), 'LoginProfile.UserName is a string (required)': o => isString(o.LoginProfile.UserName) });
await fails('iam', 'CreateLoginProfile', create.iam, new iam.CreateLoginProfileCommand({}), 'EntityAlreadyExistsException', 'client', 409);

const remove = await rootSession('888888888888', 'IAMDeleteRootUserCredentials');
await ok('iam', 'DeleteAccessKey', remove.iam, new iam.DeleteAccessKeyCommand({ AccessKeyId: 'AKIA8888EXAMPLE00002' }));
await fails('iam', 'DeleteAccessKey', remove.iam, new iam.DeleteAccessKeyCommand({ AccessKeyId: 'AKIA8888EXAMPLE00002' }), 'NoSuchEntityException', 'client', 404);
await ok('iam', 'DeleteLoginProfile', remove.iam, new iam.DeleteLoginProfileCommand({}));
await fails('iam', 'DeleteLoginProfile', remove.iam, new iam.DeleteLoginProfileCommand({}), 'NoSuchEntityException', 'client', 404);
const certificates = await rootSession('555555555555', 'IAMDeleteRootUserCredentials');
await ok('iam', 'DeleteSigningCertificate', certificates.iam, new iam.DeleteSigningCertificateCommand({ CertificateId: 'CERT5555EXAMPLE000000000000001' }));
const mfa = await rootSession('666666666666', 'IAMDeleteRootUserCredentials');
await ok('iam', 'DeactivateMFADevice', mfa.iam, new iam.DeactivateMFADeviceCommand({ SerialNumber: 'arn:aws:iam::666666666666:mfa/root-account-mfa-device' }));
await fails('iam', 'DeactivateMFADevice', mfa.iam, new iam.DeactivateMFADeviceCommand({ SerialNumber: 'arn:aws:iam::666666666666:mfa/none' }), 'NoSuchEntityException', 'client', 404);

await ok('iam', 'ListOrganizationsFeatures', caller.iam, new iam.ListOrganizationsFeaturesCommand({}), { 'OrganizationId is a string': o => isString(o.OrganizationId), 'EnabledFeatures lists both': o => o.EnabledFeatures.includes('RootCredentialsManagement') && o.EnabledFeatures.includes('RootSessions') });
for (const feature of ['RootSessions', 'RootCredentialsManagement']) {
  await ok('iam', `DisableOrganizations${feature}`, caller.iam, new iam[`DisableOrganizations${feature}Command`]({}), { 'EnabledFeatures is a list': o => Array.isArray(o.EnabledFeatures) });
  await ok('iam', `EnableOrganizations${feature}`, caller.iam, new iam[`EnableOrganizations${feature}Command`]({}), { [`EnabledFeatures has ${feature}`]: o => o.EnabledFeatures.includes(feature) });
}
await fails('iam', 'ListOrganizationsFeatures', new iam.IAMClient(config(forged)), new iam.ListOrganizationsFeaturesCommand({}), 'SignatureDoesNotMatch', 'client', 403);

await ok('organizations', 'DescribeOrganization', caller.organizations, new organizations.DescribeOrganizationCommand({}), { 'MasterAccountId is the management account': o => o.Organization.MasterAccountId === management, 'FeatureSet is ALL': o => o.Organization.FeatureSet === 'ALL' });
const accounts = await ok('organizations', 'ListAccounts', caller.organizations, new organizations.ListAccountsCommand({}), {
  'Accounts carry State and a JoinedTimestamp': o => o.Accounts.every(a => isString(a.State) && isDate(a.JoinedTimestamp) && /^\d{12}$/.test(a.Id)),
});
check('organizations:ListAccounts pages', accounts && (accounts.Accounts.length === 8 || isString(accounts.NextToken)), 'neither a full page nor a NextToken');
const roots = await ok('organizations', 'ListRoots', caller.organizations, new organizations.ListRootsCommand({}), { 'Roots have ids': o => o.Roots.every(r => isString(r.Id) && isString(r.Arn)) });
const rootId = roots?.Roots[0].Id ?? 'r-sim0';
await ok('organizations', 'ListOrganizationalUnitsForParent', caller.organizations, new organizations.ListOrganizationalUnitsForParentCommand({ ParentId: rootId }), { 'OUs have ids and names': o => o.OrganizationalUnits.every(u => isString(u.Id) && isString(u.Name)) });
await ok('organizations', 'ListAccountsForParent', caller.organizations, new organizations.ListAccountsForParentCommand({ ParentId: rootId }), { 'Accounts is a list': o => Array.isArray(o.Accounts) });
await fails('organizations', 'ListAccountsForParent', caller.organizations, new organizations.ListAccountsForParentCommand({ ParentId: 'ou-zzzz-zzzzzzzz' }), 'ParentNotFoundException', 'client', 404);
await ok('organizations', 'ListParents', caller.organizations, new organizations.ListParentsCommand({ ChildId: '444444444444' }), { 'Parents have ids and types': o => o.Parents.every(p => isString(p.Id) && ['ROOT', 'ORGANIZATIONAL_UNIT'].includes(p.Type)) });
await fails('organizations', 'ListParents', caller.organizations, new organizations.ListParentsCommand({ ChildId: '999999999999' }), 'ChildNotFoundException', 'client', 404);
await ok('organizations', 'ListAWSServiceAccessForOrganization', caller.organizations, new organizations.ListAWSServiceAccessForOrganizationCommand({}), { 'EnabledServicePrincipals have dates': o => o.EnabledServicePrincipals.every(p => isString(p.ServicePrincipal) && (p.DateEnabled === undefined || isDate(p.DateEnabled))) });
await ok('organizations', 'DisableAWSServiceAccess', caller.organizations, new organizations.DisableAWSServiceAccessCommand({ ServicePrincipal: 'iam.amazonaws.com' }));
await ok('organizations', 'EnableAWSServiceAccess', caller.organizations, new organizations.EnableAWSServiceAccessCommand({ ServicePrincipal: 'iam.amazonaws.com' }));
await ok('organizations', 'RegisterDelegatedAdministrator', caller.organizations, new organizations.RegisterDelegatedAdministratorCommand({ AccountId: '222222222222', ServicePrincipal: 'iam.amazonaws.com' }));
await fails('organizations', 'RegisterDelegatedAdministrator', caller.organizations, new organizations.RegisterDelegatedAdministratorCommand({ AccountId: '222222222222', ServicePrincipal: 'iam.amazonaws.com' }), 'AccountAlreadyRegisteredException', 'client', 409);
await fails('organizations', 'RegisterDelegatedAdministrator', caller.organizations, new organizations.RegisterDelegatedAdministratorCommand({ AccountId: management, ServicePrincipal: 'iam.amazonaws.com' }), 'ConstraintViolationException', 'client', 409);
await fails('organizations', 'RegisterDelegatedAdministrator', caller.organizations, new organizations.RegisterDelegatedAdministratorCommand({ AccountId: '999999999999', ServicePrincipal: 'iam.amazonaws.com' }), 'AccountNotFoundException', 'client', 404);
await ok('organizations', 'ListDelegatedAdministrators', caller.organizations, new organizations.ListDelegatedAdministratorsCommand({ ServicePrincipal: 'iam.amazonaws.com' }), { 'DelegatedAdministrators lists the new one': o => o.DelegatedAdministrators.some(a => a.Id === '222222222222' && isDate(a.DelegationEnabledDate ?? new Date())) });
const scps = await ok('organizations', 'ListPolicies', caller.organizations, new organizations.ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }), { 'Policies have ids, ARNs and AwsManaged': o => o.Policies.length === 2 && o.Policies.every(p => isString(p.Id) && isString(p.Arn) && typeof p.AwsManaged === 'boolean' && p.Type === 'SERVICE_CONTROL_POLICY') });
const denyRoot = scps?.Policies.find(p => !p.AwsManaged)?.Id ?? 'p-sim0denyroot1';
await ok('organizations', 'DescribePolicy', caller.organizations, new organizations.DescribePolicyCommand({ PolicyId: denyRoot }), { 'Content is a policy document': o => JSON.parse(o.Policy.Content).Statement[0].Action === 'sts:AssumeRoot' });
await fails('organizations', 'DescribePolicy', caller.organizations, new organizations.DescribePolicyCommand({ PolicyId: 'p-zzzzzzzz' }), 'PolicyNotFoundException', 'client', 400);
await ok('organizations', 'ListTargetsForPolicy', caller.organizations, new organizations.ListTargetsForPolicyCommand({ PolicyId: denyRoot }), { 'Targets name the Workloads OU': o => o.Targets.length === 1 && o.Targets[0].Type === 'ORGANIZATIONAL_UNIT' && isString(o.Targets[0].Arn) });
await ok('organizations', 'ListPoliciesForTarget', caller.organizations, new organizations.ListPoliciesForTargetCommand({ TargetId: rootId, Filter: 'SERVICE_CONTROL_POLICY' }), { 'the root has FullAWSAccess': o => o.Policies.some(p => p.Name === 'FullAWSAccess') });
await fails('organizations', 'ListPoliciesForTarget', caller.organizations, new organizations.ListPoliciesForTargetCommand({ TargetId: 'ou-zzzz-zzzzzzzz', Filter: 'SERVICE_CONTROL_POLICY' }), 'TargetNotFoundException', 'client', 400);
await fails('organizations', 'ListPolicies', caller.organizations, new organizations.ListPoliciesCommand({ Filter: 'TAG_POLICY' }), 'InvalidInputException', 'client', 400);
await fails('organizations', 'DescribeOrganization', new organizations.OrganizationsClient(config(forged)), new organizations.DescribeOrganizationCommand({}), 'InvalidSignatureException', 'client', 400);

await ok('cloudtrail', 'LookupEvents', caller.cloudtrail, new cloudtrail.LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRoot' }], StartTime: new Date(Date.now() - 3_600_000), EndTime: new Date() }), {
  'Events have ids, names and times': o => o.Events.length > 0 && o.Events.every(e => isString(e.EventId) && e.EventName === 'AssumeRoot' && isDate(e.EventTime)),
  'absent members are omitted, never null': o => o.Events.every(e => e.AccessKeyId === undefined || isString(e.AccessKeyId)),
  'CloudTrailEvent is a JSON record without a secret': o => o.Events.every(e => { const record = JSON.parse(e.CloudTrailEvent); return record.eventName === 'AssumeRoot' && !JSON.stringify(record).includes('secretAccessKey'); }),
});
// A lookup by ResourceName finds the events that name the resource, and says so in Resources.
await ok('cloudtrail', 'LookupEvents', caller.cloudtrail, new cloudtrail.LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: '888888888888' }] }), {
  'each event names the resource it was found by': o => o.Events.length > 0 && o.Events.every(e => e.Resources.some(r => r.ResourceName === '888888888888' && isString(r.ResourceType))),
});
// The admin's own calls are found by the access key it signed with.
await ok('cloudtrail', 'LookupEvents', caller.cloudtrail, new cloudtrail.LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: admin.accessKeyId }] }), {
  'the admin key finds its AssumeRoot calls': o => o.Events.length > 0 && o.Events.every(e => e.AccessKeyId === admin.accessKeyId),
});
for (const key of ['Username', 'AccessKeyId', 'ReadOnly', 'ResourceName', 'ResourceType', 'EventSource', 'EventId']) {
  await ok('cloudtrail', 'LookupEvents', caller.cloudtrail, new cloudtrail.LookupEventsCommand({ LookupAttributes: [{ AttributeKey: key, AttributeValue: key === 'ReadOnly' ? 'true' : 'x' }] }), { [`${key} is a lookup attribute`]: o => Array.isArray(o.Events) });
}
await fails('cloudtrail', 'LookupEvents', caller.cloudtrail, new cloudtrail.LookupEventsCommand({ NextToken: 'not-a-token' }), 'InvalidNextTokenException', 'client', 400);
await fails('cloudtrail', 'LookupEvents', caller.cloudtrail, new cloudtrail.LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'a' }, { AttributeKey: 'EventSource', AttributeValue: 'b' }] }), 'InvalidLookupAttributesException', 'client', 400);
await fails('cloudtrail', 'LookupEvents', caller.cloudtrail, new cloudtrail.LookupEventsCommand({ StartTime: new Date(), EndTime: new Date(Date.now() - 3_600_000) }), 'InvalidTimeRangeException', 'client', 400);
await fails('cloudtrail', 'LookupEvents', new cloudtrail.CloudTrailClient(config(forged)), new cloudtrail.LookupEventsCommand({}), 'InvalidSignatureException', 'client', 400);

const unlock = await rootSession('777777777777', 'S3UnlockBucketPolicy');
await ok('s3', 'ListBuckets', unlock.s3, new s3.ListBucketsCommand({}), { 'Buckets have names': o => o.Buckets.length === 3 && o.Buckets.every(b => isString(b.Name)), 'x-amz-id-2 is sent': o => isString(o.$metadata.extendedRequestId) });
const policy = await ok('s3', 'GetBucketPolicy', unlock.s3, new s3.GetBucketPolicyCommand({ Bucket: 'data-lake-raw-777777777777' }), { 'Policy is JSON': o => JSON.parse(o.Policy).Statement.length === 1 });
await ok('s3', 'DeleteBucketPolicy', unlock.s3, new s3.DeleteBucketPolicyCommand({ Bucket: 'data-lake-raw-777777777777' }), { 'answers 204': o => o.$metadata.httpStatusCode === 204 });
await fails('s3', 'GetBucketPolicy', unlock.s3, new s3.GetBucketPolicyCommand({ Bucket: 'data-lake-raw-777777777777' }), 'NoSuchBucketPolicy', 'client', 404);
await ok('s3', 'PutBucketPolicy', unlock.s3, new s3.PutBucketPolicyCommand({ Bucket: 'data-lake-raw-777777777777', Policy: policy?.Policy ?? '{"Version":"2012-10-17","Statement":[]}' }));
// A body changed after signing (same length) is refused: S3 hashes the payload itself.
const tampering = new s3.S3Client({ ...config(unlock.credentials), forcePathStyle: true });
tampering.middlewareStack.addRelativeTo(next => async args => {
  if (typeof args.request.body === 'string') {
    args.request.body = args.request.body.replace('Deny', 'Allw');
  }
  return next(args);
}, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamperAfterSigning' });
await fails('s3', 'PutBucketPolicy', tampering, new s3.PutBucketPolicyCommand({ Bucket: 'data-lake-raw-777777777777', Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::data-lake-raw-777777777777"}]}' }), 'XAmzContentSHA256Mismatch', 'client', 400);
await fails('s3', 'GetBucketPolicy', unlock.s3, new s3.GetBucketPolicyCommand({ Bucket: 'no-such-bucket-anywhere' }), 'NoSuchBucket', 'client', 404);
await fails('s3', 'GetBucketPolicy', unlock.s3, new s3.GetBucketPolicyCommand({ Bucket: 'data-lake-raw-777777777777', ExpectedBucketOwner: '222222222222' }), 'AccessDenied', 'client', 403);
await fails('s3', 'ListBuckets', new s3.S3Client({ ...config(forged), forcePathStyle: true }), new s3.ListBucketsCommand({}), 'SignatureDoesNotMatch', 'client', 403);

const backups = 'rootaccess-backups-111111111111';
await ok('s3', 'PutObject', caller.s3, new s3.PutObjectCommand({ Bucket: backups, Key: 'conformance/a.json', Body: '{"a":1}', IfNoneMatch: '*' }), { 'ETag is sent': o => isString(o.ETag) });
await fails('s3', 'PutObject', caller.s3, new s3.PutObjectCommand({ Bucket: backups, Key: 'conformance/a.json', Body: '{"a":2}', IfNoneMatch: '*' }), 'PreconditionFailed', 'client', 412);
const object = await ok('s3', 'GetObject', caller.s3, new s3.GetObjectCommand({ Bucket: backups, Key: 'conformance/a.json' }), { 'ETag is sent': o => isString(o.ETag) });
check('s3:GetObject body', object && (await object.Body.transformToString()) === '{"a":1}', 'the object read back differs');
await fails('s3', 'GetObject', caller.s3, new s3.GetObjectCommand({ Bucket: backups, Key: 'conformance/none.json' }), 'NoSuchKey', 'client', 404);
// A rollout's state is replaced only If-Match its last ETag; an evidence check lists the pack's prefix.
const replaced = await ok('s3', 'PutObject', caller.s3, new s3.PutObjectCommand({ Bucket: backups, Key: 'conformance/a.json', Body: '{"a":3}', IfMatch: object?.ETag }), { 'ETag is sent': o => isString(o.ETag) });
await fails('s3', 'PutObject', caller.s3, new s3.PutObjectCommand({ Bucket: backups, Key: 'conformance/a.json', Body: '{"a":4}', IfMatch: object?.ETag }), 'PreconditionFailed', 'client', 412);
check('s3:PutObject If-Match', replaced && replaced.ETag !== object?.ETag, 'the replaced object kept its ETag');
await ok('s3', 'ListObjectsV2', caller.s3, new s3.ListObjectsV2Command({ Bucket: backups, Prefix: 'conformance/' }), {
  'lists the key under the prefix': o => (o.Contents ?? []).some(c => c.Key === 'conformance/a.json' && c.Size === 7 && isString(c.ETag)),
  'one page': o => o.IsTruncated === false && o.KeyCount === (o.Contents ?? []).length,
});
await fails('s3', 'PutObject', unlock.s3, new s3.PutObjectCommand({ Bucket: backups, Key: 'x', Body: 'x' }), 'AccessDenied', 'client', 403);

const queues = await rootSession('777777777777', 'SQSUnlockQueuePolicy');
await ok('sqs', 'ListQueues', queues.sqs, new sqs.ListQueuesCommand({}), { 'QueueUrls are URLs': o => o.QueueUrls.length === 2 && o.QueueUrls.every(u => u.startsWith('http')) });
const url = await ok('sqs', 'GetQueueUrl', queues.sqs, new sqs.GetQueueUrlCommand({ QueueName: 'ingest-events', QueueOwnerAWSAccountId: '777777777777' }), { 'QueueUrl is a URL': o => o.QueueUrl.endsWith('/777777777777/ingest-events') });
const queueUrl = url?.QueueUrl ?? `${endpoint}/777777777777/ingest-events`;
await ok('sqs', 'GetQueueAttributes', queues.sqs, new sqs.GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] }), { 'Policy is JSON': o => JSON.parse(o.Attributes.Policy).Statement.length === 1 });
await ok('sqs', 'SetQueueAttributes', queues.sqs, new sqs.SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: '' } }));
await fails('sqs', 'GetQueueUrl', queues.sqs, new sqs.GetQueueUrlCommand({ QueueName: 'no-such-queue' }), 'QueueDoesNotExist', 'client', 400);
await fails('sqs', 'GetQueueAttributes', unlock.sqs, new sqs.GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['Policy'] }), 'AccessDenied', 'client', 403);
await fails('sqs', 'ListQueues', new sqs.SQSClient(config(forged)), new sqs.ListQueuesCommand({}), 'SignatureDoesNotMatch', 'client', 403);

// The management account's own IAM, trails, alerting and the log archive's Object Lock (Test-RootAccessHardening).
await ok('iam', 'ListUsers', caller.iam, new iam.ListUsersCommand({}), { 'Users have names, ARNs and dates': o => o.Users.length === 1 && o.Users.every(u => isString(u.UserName) && isString(u.Arn) && isString(u.UserId) && isDate(u.CreateDate)) });
await ok('iam', 'ListAccessKeys', caller.iam, new iam.ListAccessKeysCommand({ UserName: 'ci-deploy' }), { 'the user\'s keys': o => o.AccessKeyMetadata.length === 1 && o.AccessKeyMetadata[0].UserName === 'ci-deploy' && isDate(o.AccessKeyMetadata[0].CreateDate) });
await fails('iam', 'ListAccessKeys', caller.iam, new iam.ListAccessKeysCommand({ UserName: 'no-such-user' }), 'NoSuchEntityException', 'client', 404);
await fails('iam', 'ListAccessKeys', caller.iam, new iam.ListAccessKeysCommand({}), 'ValidationError', 'client', 400);
const details = await ok('iam', 'GetAccountAuthorizationDetails', caller.iam, new iam.GetAccountAuthorizationDetailsCommand({}), {
  'lists of users, roles, groups and policies': o => o.UserDetailList.length === 1 && o.RoleDetailList.length === 6 && Array.isArray(o.Policies),
  'documents are URL-encoded JSON, as AWS sends them': o => o.RoleDetailList.every(r => JSON.parse(decodeURIComponent(r.AssumeRolePolicyDocument)).Statement.length > 0 && r.RolePolicyList.every(p => /%7B/i.test(p.PolicyDocument))),
  'managed policy versions carry a default flag': o => o.Policies.every(p => p.PolicyVersionList.some(v => v.IsDefaultVersion === true && isString(v.Document))),
  'dates are timestamps': o => o.UserDetailList.every(u => isDate(u.CreateDate)) && o.RoleDetailList.every(r => isDate(r.CreateDate)),
});
const page = await ok('iam', 'GetAccountAuthorizationDetails', caller.iam, new iam.GetAccountAuthorizationDetailsCommand({ MaxItems: 1 }), { 'one item and a Marker': o => o.IsTruncated === true && isString(o.Marker) && o.UserDetailList.length + o.RoleDetailList.length + o.Policies.length === 1 });
await ok('iam', 'GetAccountAuthorizationDetails', caller.iam, new iam.GetAccountAuthorizationDetailsCommand({ MaxItems: 1, Marker: page?.Marker ?? '1', Filter: ['Role'] }), { 'the filter keeps roles only': o => o.UserDetailList.length === 0 && o.RoleDetailList.length === 1 });
await fails('iam', 'GetAccountAuthorizationDetails', caller.iam, new iam.GetAccountAuthorizationDetailsCommand({ Filter: ['Nobody'] }), 'ValidationError', 'client', 400);
check('iam:GetAccountAuthorizationDetails size', !details || details.RoleDetailList.length === 6, 'unexpected role count');

const trails = await ok('cloudtrail', 'DescribeTrails', caller.cloudtrail, new cloudtrail.DescribeTrailsCommand({ includeShadowTrails: true }), { 'the organization trail': o => o.trailList.length === 1 && o.trailList[0].IsOrganizationTrail === true && o.trailList[0].IsMultiRegionTrail === true && isString(o.trailList[0].TrailARN) && isString(o.trailList[0].S3BucketName) });
const trailArn = trails?.trailList[0].TrailARN ?? 'org-trail';
await ok('cloudtrail', 'GetTrailStatus', caller.cloudtrail, new cloudtrail.GetTrailStatusCommand({ Name: trailArn }), { 'IsLogging is a boolean, times are timestamps': o => o.IsLogging === true && isDate(o.LatestDeliveryTime) && isDate(o.StartLoggingTime) });
await fails('cloudtrail', 'GetTrailStatus', caller.cloudtrail, new cloudtrail.GetTrailStatusCommand({ Name: 'no-such-trail' }), 'TrailNotFoundException', 'client', 400);
await ok('cloudtrail', 'GetEventSelectors', caller.cloudtrail, new cloudtrail.GetEventSelectorsCommand({ TrailName: 'org-trail' }), { 'management events selected': o => o.TrailARN === trailArn && o.EventSelectors[0].IncludeManagementEvents === true && o.EventSelectors[0].ReadWriteType === 'All' && Array.isArray(o.EventSelectors[0].DataResources) });
await fails('cloudtrail', 'GetEventSelectors', caller.cloudtrail, new cloudtrail.GetEventSelectorsCommand({ TrailName: 'no-such-trail' }), 'TrailNotFoundException', 'client', 400);

const rules = await ok('events', 'ListRules', caller.events, new eventbridge.ListRulesCommand({}), { 'rules with names, ARNs, states and a pattern string': o => o.Rules.length === 1 && o.Rules.every(r => isString(r.Name) && isString(r.Arn) && r.State === 'ENABLED' && JSON.parse(r.EventPattern).source[0] === 'aws.sts') });
await ok('events', 'ListRules', caller.events, new eventbridge.ListRulesCommand({ NamePrefix: 'nothing-' }), { 'the prefix filters': o => o.Rules.length === 0 });
await ok('events', 'ListTargetsByRule', caller.events, new eventbridge.ListTargetsByRuleCommand({ Rule: rules?.Rules[0].Name ?? 'assume-root-alerts' }), { 'targets have ids and ARNs': o => o.Targets.length === 1 && isString(o.Targets[0].Id) && o.Targets[0].Arn.startsWith('arn:aws:sns:') });
await fails('events', 'ListTargetsByRule', caller.events, new eventbridge.ListTargetsByRuleCommand({ Rule: 'no-such-rule' }), 'ResourceNotFoundException', 'client', 400);
await fails('events', 'ListRules', caller.events, new eventbridge.ListRulesCommand({ Limit: 500 }), 'ValidationException', 'client', 400);
await fails('events', 'ListRules', new eventbridge.EventBridgeClient(config(forged)), new eventbridge.ListRulesCommand({}), 'InvalidSignatureException', 'client', 400);

// What New-RootAccessGuardrail's CloudFormation template creates, as AWS's clients send it: an SCP created and attached,
// a customer managed policy attached to a role and a user, an alert rule with its target. A root-user deny attached to
// one account then refuses that account's root sessions, naming the SCP; the exempted one does not.
const rootDeny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'DenyRootUser', Effect: 'Deny', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } }] });
const created = await ok('organizations', 'CreatePolicy', caller.organizations, new organizations.CreatePolicyCommand({ Name: 'ConformanceRootDeny', Description: 'root-user deny', Type: 'SERVICE_CONTROL_POLICY', Content: rootDeny }), {
  'a summary with an id and the content': o => /^p-[0-9a-z]{8,}$/.test(o.Policy.PolicySummary.Id) && o.Policy.PolicySummary.AwsManaged === false && JSON.parse(o.Policy.Content).Statement[0].Sid === 'DenyRootUser',
});
const rootDenyId = created?.Policy.PolicySummary.Id ?? 'p-missing';
await fails('organizations', 'CreatePolicy', caller.organizations, new organizations.CreatePolicyCommand({ Name: 'ConformanceRootDeny', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: rootDeny }), 'DuplicatePolicyException', 'client', 400);
await fails('organizations', 'CreatePolicy', caller.organizations, new organizations.CreatePolicyCommand({ Name: 'NotJson', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: '{"Statement":' }), 'MalformedPolicyDocumentException', 'client', 400);
await ok('organizations', 'AttachPolicy', caller.organizations, new organizations.AttachPolicyCommand({ PolicyId: rootDenyId, TargetId: '555555555555' }));
await fails('organizations', 'AttachPolicy', caller.organizations, new organizations.AttachPolicyCommand({ PolicyId: rootDenyId, TargetId: '555555555555' }), 'DuplicatePolicyAttachmentException', 'client', 400);
await fails('organizations', 'AttachPolicy', caller.organizations, new organizations.AttachPolicyCommand({ PolicyId: rootDenyId, TargetId: 'ou-zzzz-zzzzzzzz' }), 'TargetNotFoundException', 'client', 400);
const blocked = await rootSession('555555555555', 'IAMAuditRootUserCredentials');
const refused = await call(blocked.iam, new iam.GetLoginProfileCommand({}));
check('iam:GetLoginProfile under a root-deny SCP', refused.error?.name === 'AccessDenied' && /explicit deny in a service control policy: ConformanceRootDeny/.test(refused.error?.message ?? ''), `${refused.error?.name}: ${refused.error?.message}`);
const guard = await ok('iam', 'CreatePolicy', caller.iam, new iam.CreatePolicyCommand({ PolicyName: 'RootAccess-ConformanceGuard', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' }] }) }), {
  'the policy with its ARN and dates': o => o.Policy.Arn === `arn:aws:iam::${management}:policy/RootAccess-ConformanceGuard` && isDate(o.Policy.CreateDate) && o.Policy.DefaultVersionId === 'v1',
});
await fails('iam', 'CreatePolicy', caller.iam, new iam.CreatePolicyCommand({ PolicyName: 'RootAccess-ConformanceGuard', PolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }), 'EntityAlreadyExistsException', 'client', 409);
await fails('iam', 'CreatePolicy', caller.iam, new iam.CreatePolicyCommand({ PolicyName: 'Broken', PolicyDocument: 'not json' }), 'MalformedPolicyDocumentException', 'client', 400);
await ok('iam', 'AttachRolePolicy', caller.iam, new iam.AttachRolePolicyCommand({ RoleName: 'RootAccessAdmin', PolicyArn: guard?.Policy.Arn ?? 'missing' }));
await ok('iam', 'AttachUserPolicy', caller.iam, new iam.AttachUserPolicyCommand({ UserName: 'ci-deploy', PolicyArn: guard?.Policy.Arn ?? 'missing' }));
await fails('iam', 'AttachRolePolicy', caller.iam, new iam.AttachRolePolicyCommand({ RoleName: 'NoSuchRole', PolicyArn: guard?.Policy.Arn ?? 'missing' }), 'NoSuchEntityException', 'client', 404);
await ok('events', 'PutRule', caller.events, new eventbridge.PutRuleCommand({ Name: 'RootAccess-AssumeRoot', EventPattern: JSON.stringify({ source: ['aws.sts'], detail: { eventName: ['AssumeRoot'] } }), State: 'ENABLED', Description: 'Any AssumeRoot call' }), {
  'the rule ARN': o => o.RuleArn === `arn:aws:events:${region}:${management}:rule/RootAccess-AssumeRoot`,
});
await fails('events', 'PutRule', caller.events, new eventbridge.PutRuleCommand({ Name: 'Broken', EventPattern: '["not an object"]' }), 'InvalidEventPatternException', 'client', 400);
await ok('events', 'PutTargets', caller.events, new eventbridge.PutTargetsCommand({ Rule: 'RootAccess-AssumeRoot', Targets: [{ Id: 'Alert1', Arn: `arn:aws:sns:${region}:${management}:security-alerts` }] }), { 'no failed entries': o => o.FailedEntryCount === 0 && Array.isArray(o.FailedEntries) });
await fails('events', 'PutTargets', caller.events, new eventbridge.PutTargetsCommand({ Rule: 'no-such-rule', Targets: [{ Id: 'Alert1', Arn: `arn:aws:sns:${region}:${management}:security-alerts` }] }), 'ResourceNotFoundException', 'client', 400);
await ok('events', 'ListTargetsByRule', caller.events, new eventbridge.ListTargetsByRuleCommand({ Rule: 'RootAccess-AssumeRoot' }), { 'the target put': o => o.Targets.length === 1 && o.Targets[0].Arn.endsWith(':security-alerts') });

const archive = new s3.S3Client({ ...config(logArchive), forcePathStyle: true });
await ok('s3', 'GetObjectLockConfiguration', archive, new s3.GetObjectLockConfigurationCommand({ Bucket: 'org-cloudtrail-logs-333333333333', ExpectedBucketOwner: '333333333333' }), { 'enabled with a default retention': o => o.ObjectLockConfiguration.ObjectLockEnabled === 'Enabled' && o.ObjectLockConfiguration.Rule.DefaultRetention.Mode === 'GOVERNANCE' && o.ObjectLockConfiguration.Rule.DefaultRetention.Days === 365 });
await fails('s3', 'GetObjectLockConfiguration', caller.s3, new s3.GetObjectLockConfigurationCommand({ Bucket: 'org-cloudtrail-logs-333333333333' }), 'AccessDenied', 'client', 403);
await fails('s3', 'GetObjectLockConfiguration', caller.s3, new s3.GetObjectLockConfigurationCommand({ Bucket: backups }), 'ObjectLockConfigurationNotFoundError', 'client', 404);

// ---------------------------------------------------------------------------------------------------------------
// 4. The module's own requests (IAM, Organizations, CloudTrail go through our client) against AWS's for the same input.
const clients = { iam, organizations, cloudtrail, events: eventbridge };
// IAM reads of the caller's own account (the hardening checks) run as the caller, not in a root session.
const accountIam = request => ['ListUsers', 'GetAccountAuthorizationDetails'].includes(request.operation) || request.params?.UserName !== undefined;
const sessionFor = { Delete: 'IAMDeleteRootUserCredentials', Deactivate: 'IAMDeleteRootUserCredentials', CreateLoginProfile: 'IAMCreateRootUserPassword' };
const mediaType = type => (type ?? '').split(';')[0].trim().toLowerCase();
const replayed = new Set();
for (const request of moduleRequests.filter(r => r.service in clients)) {
  const key = `${request.service}:${request.operation}`;
  if (replayed.has(key + (accountIam(request) ? ' (account)' : ''))) {
    continue;
  }

  replayed.add(key + (accountIam(request) ? ' (account)' : ''));
  const input = toInput(request);
  let client;
  if (request.service === 'iam' && !request.operation.includes('Organizations') && !accountIam(request)) {
    const task = Object.entries(sessionFor).find(([prefix]) => request.operation.startsWith(prefix))?.[1] ?? 'IAMAuditRootUserCredentials';
    client = (await rootSession('444444444444', task)).iam;
  } else {
    client = caller[request.service];
  }

  const Command = clients[request.service][`${request.operation}Command`];
  if (!Command) {
    check(`replay ${key}`, false, 'AWS SDK has no such command');
    continue;
  }

  const { requests } = await call(client, new Command(input));
  const theirs = requests.at(-1);
  if (!theirs) {
    check(`replay ${key}`, false, 'AWS SDK sent nothing');
    continue;
  }

  check(`${key} content type`, mediaType(theirs.contentType) === mediaType(request.contentType), `module ${request.contentType}, AWS SDK ${theirs.contentType}`);
  check(`${key} target`, (theirs.target ?? null) === (request.target ?? null), `module ${request.target}, AWS SDK ${theirs.target}`);
  check(`${key} method and path`, theirs.method === request.method && theirs.path === request.path, `module ${request.method} ${request.path}, AWS SDK ${theirs.method} ${theirs.path}`);
  check(`${key} parameters`, isDeepStrictEqual(normalize(theirs.params), normalize(request.params)), `module ${JSON.stringify(request.params)}, AWS SDK ${JSON.stringify(theirs.params)}`);
  cover(request.service, request.operation, 'module request = AWS SDK request');
}

// The module's request as the AWS SDK's input for the same call.
function toInput(request) {
  if (request.service === 'iam') {
    const { Action, Version, ...rest } = request.params ?? {};
    return rest;
  }

  const input = structuredClone(request.params ?? {});
  for (const name of ['StartTime', 'EndTime']) {
    if (typeof input[name] === 'number') {
      input[name] = new Date(input[name] * 1000);
    }
  }

  return input;
}

function normalize(params) {
  return params === undefined || params === null || (typeof params === 'object' && Object.keys(params).length === 0) ? {} : params;
}

// ---------------------------------------------------------------------------------------------------------------
server.stdin.end();
await new Promise(resolve => server.on('exit', resolve));
rmSync(work, { recursive: true, force: true });

const operations = [...covered.keys()].sort();
console.log(`conformance: ${operations.length} operations checked with AWS's JS SDK in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const operation of operations) {
  console.log(`  ${operation.padEnd(58)} ${[...new Set(covered.get(operation))].join(', ')}`);
}

if (failures.length > 0) {
  console.error(`\n${failures.length} conformance failures:`);
  for (const failure of failures) {
    console.error(`  - ${failure}`);
  }

  process.exit(1);
}

console.log('conformance: every response parsed with the model\'s types, every error had the model\'s name, fault and status, and the module\'s requests matched AWS\'s.');
process.exit(0); // the SDK clients' idle sockets must not keep the run alive
