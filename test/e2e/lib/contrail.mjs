// Shared helpers for the end-to-end tests: where the server is, an OpenAI client pointed at it, plain
// HTTP with the body parsed, unique ids, and a read-only view of the server's Valkey via valkey-cli.
//
// Environment (set by scripts/test): CONTRAIL_URL (http://127.0.0.1:8080), CONTRAIL_API_KEY (an
// admin key every request sends unless it says otherwise), CONTRAIL_VALKEY_PORT (7399),
// CONTRAIL_VALKEY_CLI (valkey-cli), CONTRAIL_VALKEY_CLI_USER (the Valkey user valkey-cli logs in
// as; its password comes from REDISCLI_AUTH, which valkey-cli reads itself).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';

export const BASE_URL = (process.env.CONTRAIL_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const MODEL = 'flightly-local';
export const API_KEY = process.env.CONTRAIL_API_KEY ?? '';

// The Authorization header of `key` (the suite's admin key by default); none for an empty key.
export function authHeaders(key = API_KEY) {
  return key ? { authorization: `Bearer ${key}` } : {};
}

const VALKEY_CLI = process.env.CONTRAIL_VALKEY_CLI || 'valkey-cli';
const VALKEY_HOST = process.env.CONTRAIL_VALKEY_HOST || '127.0.0.1';
const VALKEY_PORT = process.env.CONTRAIL_VALKEY_PORT || '7399';
const VALKEY_USER = process.env.CONTRAIL_VALKEY_CLI_USER;

// valkey-cli's arguments before a command: the server, and the user to log in as.
export const VALKEY_CLI_ARGS = ['-h', VALKEY_HOST, '-p', VALKEY_PORT, ...(VALKEY_USER ? ['--user', VALKEY_USER] : [])];

// Ids unique to this process and run, so tests never share a user or a session.
const RUN = `${Date.now().toString(36)}${process.pid.toString(36)}`;
let counter = 0;
export function uid(tag = 'u') {
  counter += 1;
  return `e2e-${RUN}-${tag}-${counter}`;
}
export const RUN_TAG = `e2e-${RUN}-`;

// An OpenAI SDK client for the server. No retries, so a failing request fails the test at once.
export function openai(options = {}) {
  return new OpenAI({ baseURL: `${BASE_URL}/v1`, apiKey: API_KEY || 'unused', maxRetries: 0, timeout: 30_000, ...options });
}

// request(method, path, {json, raw, headers}) → {status, headers, text, body}. `json` is sent as
// application/json; `raw` is sent as is (set the content-type yourself). body is the parsed JSON or
// undefined when the response is not JSON. `path` may be a whole URL (another contrail). The
// suite's key goes along unless `headers` has an
// `authorization` of its own (null: send none).
export async function request(method, path, { json, raw, headers = {} } = {}) {
  const init = { method, headers: { ...authHeaders(), ...headers } };
  if (init.headers.authorization === null) delete init.headers.authorization;
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    if (!Object.keys(init.headers).some((h) => h.toLowerCase() === 'content-type')) {
      init.headers['content-type'] = 'application/json';
    }
  } else if (raw !== undefined) {
    init.body = raw;
  }
  const res = await fetch(path.startsWith('http') ? path : BASE_URL + path, init);
  const text = await res.text();
  let body;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

// chat(body, headers) → POST /v1/chat/completions with a JSON body.
export function chat(body, headers = {}) {
  return request('POST', '/v1/chat/completions', { json: { model: MODEL, ...body }, headers });
}

export function userMsg(content) {
  return { role: 'user', content };
}

// The assistant's text from a non-streamed completion response, asserting the OpenAI shape on the way.
export function answerOf(res) {
  assert.equal(res.status, 200, `chat failed: ${res.status} ${res.text}`);
  const choice = res.body?.choices?.[0];
  assert.equal(choice?.message?.role, 'assistant', res.text);
  assert.equal(typeof choice.message.content, 'string', res.text);
  assert.ok(choice.message.content.length > 0, 'empty answer');
  return choice.message.content;
}

// Asserts an error response in OpenAI's shape: {"error":{"message","type","param","code"}}, status
// within `status` (a number or a list), and the given code when one is passed.
export function assertApiError(res, status, code) {
  const allowed = Array.isArray(status) ? status : [status];
  assert.ok(allowed.includes(res.status), `want status ${allowed.join('|')}, got ${res.status}: ${res.text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/, 'error content-type');
  const err = res.body?.error;
  assert.ok(err && typeof err === 'object', `no error object in ${res.text.slice(0, 300)}`);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0, 'empty error message');
  assert.equal(typeof err.type, 'string');
  assert.ok('param' in err, 'error.param missing');
  assert.ok('code' in err, 'error.code missing');
  assert.ok(err.param === null || typeof err.param === 'string', 'error.param must be a string or null');
  assert.ok(err.code === null || typeof err.code === 'string', 'error.code must be a string or null');
  if (code !== undefined) assert.equal(err.code, code);
  return err;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn until it returns a truthy value or timeoutMs passes; returns the last value. The server
// writes history after it replies (write-behind), so stored state is awaited, not read at once.
export async function eventually(fn, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  let value = await fn();
  while (!value && Date.now() < deadline) {
    await sleep(25);
    value = await fn();
  }
  return value;
}

// --- Valkey (read-only) ---------------------------------------------------------------------------

function cli(args, json = true) {
  const out = execFileSync(VALKEY_CLI, [...VALKEY_CLI_ARGS, ...(json ? ['--json'] : []), ...args], {
    encoding: 'utf8',
  });
  return json ? JSON.parse(out) : out;
}

export const valkey = {
  keys() {
    return cli(['--scan'], false).split('\n').filter((k) => k !== '');
  },
  keysMatching(substring) {
    return this.keys().filter((k) => k.includes(substring));
  },
  dbsize: () => cli(['DBSIZE']),
  exists: (key) => cli(['EXISTS', key]) === 1,
  type: (key) => cli(['TYPE', key]),
  lrange: (key) => cli(['LRANGE', key, '0', '-1']),
  hgetall: (key) => cli(['HGETALL', key]),
  hget: (key, field) => cli(['HGET', key, field]),
  hexists: (key, field) => cli(['HEXISTS', key, field]) === 1,
  hdel: (key, field) => cli(['HDEL', key, field]),
  set: (key, value) => cli(['SET', key, value]),
  // Each entry of a stream as JSON text ([id, [field, value, …]]).
  xrange: (key) => cli(['XRANGE', key, '-', '+']).map((e) => JSON.stringify(e)),
  get: (key) => cli(['GET', key]),
};

export const keys = {
  profile: (user) => `{u:${user}}:profile`,
  msgs: (user, session) => `{u:${user}}:s:${session}:msgs`,
  state: (user, session) => `{u:${user}}:s:${session}:state`,
  // The hash of a response chain's records: resp_<16 hex>_<session> is kept under its session.
  responses: (user, responseId) => `{u:${user}}:responses:${responseId.replace(/^resp_[0-9a-f]{16}_/, '')}`,
};

// The stored history of a session, each element parsed from its JSON.
export function storedHistory(user, session) {
  return valkey.lrange(keys.msgs(user, session)).map((s) => JSON.parse(s));
}

// Waits until the session's stored history has at least `n` messages (write-behind), lets a late
// duplicate write land, and returns what is stored then.
export async function historyOfLength(user, session, n) {
  await eventually(() => storedHistory(user, session).length >= n);
  await sleep(150);
  return storedHistory(user, session);
}

// --- a second contrail ----------------------------------------------------------------------------

// A TCP port on 127.0.0.1 that was free a moment ago.
export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts another contrail (CONTRAIL_BIN, the binary under test) on a free port with `env` over the
// suite's environment (so it shares the suite's Valkey and PostgreSQL), and waits until it is
// ready (`ready`: the path that must answer 200; /healthz for one whose Valkey or PostgreSQL is
// meant to be down). Returns {url, stop(), kill(), log()}; stop() sends SIGTERM and waits for the
// exit, kill() sends SIGKILL (a crash) and waits for it.
export async function startContrail(env = {}, ready = '/readyz') {
  const bin = process.env.CONTRAIL_BIN;
  assert.ok(bin, 'CONTRAIL_BIN (the contrail binary under test) is not set');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ['serve'], {
    env: { ...process.env, CONTRAIL_HTTP_PORT: String(port), CONTRAIL_THREADS: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}${ready}`)).status === 200) return { url, stop, kill, log: () => log };
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  await stop();
  assert.fail(`the second contrail did not become ready:\n${log.slice(-2000)}`);
}

// A config file (in a new temporary folder) whose [[mcp.servers]] are contrail's own weather MCP
// server on stdio (`CONTRAIL_BIN mcp --tools weather`), once per entry of `servers`: each an object
// of the entry's other settings as TOML lines ({name: 'weather', lines: ['prefix = "wx_"', …]}).
// Returns the file's path, for CONTRAIL_CONFIG.
export function weatherMcpConfig(servers) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'contrail-mcp-')), 'contrail.toml');
  const command = `command = [${JSON.stringify(process.env.CONTRAIL_BIN)}, "mcp", "--tools", "weather"]`;
  fs.writeFileSync(file, servers.map(({ name, lines }) => ['[[mcp.servers]]', `name = "${name}"`, command, ...lines, ''].join('\n'))
    .join('\n'));
  return file;
}

// --- PostgreSQL (read-only, as the server's own role) -------------------------------------------

// Rows of `sql` (one array of text values per row) through psql with the server's connection
// settings (CONTRAIL_PG_*, exported by scripts/test).
export function pgRows(sql) {
  const env = { ...process.env, PGPASSWORD: process.env.CONTRAIL_PG_PASSWORD ?? '' };
  const out = execFileSync('psql', ['-X', '-q', '-A', '-t', '-F', '\t', '-h', process.env.CONTRAIL_PG_HOST || '127.0.0.1',
    '-p', process.env.CONTRAIL_PG_PORT || '7432', '-U', process.env.CONTRAIL_PG_USER || 'contrail_app',
    '-d', process.env.CONTRAIL_PG_DATABASE || 'contrail', '-c', sql], { encoding: 'utf8', env });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}
