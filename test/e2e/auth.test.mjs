// API keys through the real clients: keys minted and revoked by an admin, a user key that acts only
// for its user (the openai client included), refused requests that read and write nothing, and the
// `contrail keys` command on the same database.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { before, test } from 'node:test';
import OpenAI from 'openai';
import { BASE_URL, MODEL, assertApiError, keys, request, uid, userMsg, valkey } from './lib/contrail.mjs';

const alice = uid('alice');
const bob = uid('bob');
const minted = {};

async function mint(kind, user) {
  const res = await request('POST', '/v1/admin/keys', { json: { kind, ...(user ? { user } : {}), name: `e2e ${kind}` } });
  assert.equal(res.status, 201, res.text);
  assert.match(res.body.key, /^ck_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  return res.body;
}

const as = (who) => ({ authorization: `Bearer ${minted[who].key}` });
const clientFor = (who) => new OpenAI({ baseURL: `${BASE_URL}/v1`, apiKey: minted[who].key, maxRetries: 0 });

before(async () => {
  minted.alice = await mint('user', alice);
  minted.bob = await mint('user', bob);
  minted.service = await mint('service');
  minted.revoked = await mint('service');
  const revoked = await request('DELETE', `/v1/admin/keys/${minted.revoked.id}`);
  assert.equal(revoked.status, 200, revoked.text);
  // Alice's data: a profile and a session.
  assert.equal((await request('PUT', `/v1/users/${alice}/profile`, { json: { name: 'Alice', kids_ages: '4,8' }, headers: as('alice') })).status, 200);
  await clientFor('alice').chat.completions.create({ model: MODEL, messages: [userMsg('flights to Maui')], user: alice, metadata: { session_id: 'trip' } });
});

function aliceState() {
  return JSON.stringify([valkey.hgetall(keys.profile(alice)), valkey.lrange(keys.msgs(alice, 'trip')), valkey.get(keys.state(alice, 'trip'))]);
}

test('without a key every API route is 401, with WWW-Authenticate; health checks stay open', async () => {
  for (const [method, path] of [['GET', '/v1/models'], ['POST', '/v1/chat/completions'], ['GET', `/v1/users/${alice}/profile`],
    ['GET', `/v1/sessions/trip/messages?user=${alice}`], ['POST', '/v1/embeddings'], ['POST', '/v1/search'], ['GET', '/v1/admin/keys'], ['GET', '/metrics'],
    ['GET', '/v1/cache/stats'], ['DELETE', '/v1/cache?all=true'], ['POST', '/mcp'], ['GET', '/mcp'], ['DELETE', '/mcp'],
    ['POST', '/v1/memory/extract'], ['GET', '/v1/memory/records'], ['GET', '/v1/memory/sessions/trip/events'],
    ['GET', '/v1/memory/sessions/trip/conversation'], ['DELETE', `/v1/users/${alice}`],
    ['POST', '/v1/responses'], ['GET', '/v1/responses/resp_0123456789abcdef_s'], ['DELETE', '/v1/responses/resp_0123456789abcdef_s'],
    ['GET', '/v1/responses/resp_0123456789abcdef_s/input_items'], ['POST', '/v1/conversations'],
    ['GET', '/v1/conversations/conv_0123456789abcdef01234567'], ['DELETE', '/v1/conversations/conv_0123456789abcdef01234567'],
    ['GET', '/v1/conversations/conv_0123456789abcdef01234567/items'],
    ['GET', '/v1/bookings'], ['GET', '/v1/bookings/K7Q2XM'], ['POST', '/v1/bookings/K7Q2XM/cancel']]) {
    const res = await request(method, path, { json: method === 'GET' ? undefined : {}, headers: { authorization: null } });
    assertApiError(res, 401, 'invalid_api_key');
    assert.equal(res.headers.get('www-authenticate'), 'Bearer', path);
  }
  assert.equal((await request('GET', '/healthz', { headers: { authorization: null } })).status, 200);
});

test('a user key acts for its own user, and for no one else through any route', async () => {
  const before = aliceState();
  const refused = [
    ['GET', `/v1/users/${alice}/profile`], ['PATCH', `/v1/users/${alice}/profile`, { name: 'Mallory' }],
    ['PUT', `/v1/users/${alice}/profile`, { name: 'Mallory' }], ['DELETE', `/v1/users/${alice}/profile`],
    ['GET', `/v1/sessions/trip/messages?user=${alice}`], ['DELETE', `/v1/sessions/trip/messages?user=${alice}`],
    ['POST', '/v1/chat/completions', { model: MODEL, user: alice, metadata: { session_id: 'trip' }, messages: [userMsg('what did I just ask?')] }],
    ['GET', '/v1/admin/keys'], ['POST', '/v1/admin/keys', { kind: 'admin' }], ['DELETE', `/v1/admin/keys/${minted.alice.id}`],
    ['GET', '/v1/cache/stats'], ['DELETE', '/v1/cache?all=true'], ['DELETE', '/v1/cache', { tag: 'live' }],
    ['POST', `/v1/memory/extract?user=${alice}`], ['GET', `/v1/memory/records?user=${alice}`],
    ['GET', `/v1/memory/sessions/trip/events?user=${alice}`], ['GET', `/v1/memory/sessions/trip/conversation?user=${alice}`],
    ['DELETE', `/v1/users/${alice}`],
    ['POST', '/v1/responses', { model: MODEL, user: alice, input: 'hi' }], ['GET', `/v1/responses/resp_0123456789abcdef_trip?user=${alice}`],
    ['DELETE', `/v1/responses/resp_0123456789abcdef_trip?user=${alice}`],
    ['GET', `/v1/responses/resp_0123456789abcdef_trip/input_items?user=${alice}`],
    ['POST', `/v1/conversations?user=${alice}`, {}], ['GET', `/v1/conversations/conv_0123456789abcdef01234567?user=${alice}`],
    ['DELETE', `/v1/conversations/conv_0123456789abcdef01234567?user=${alice}`],
    ['GET', `/v1/conversations/conv_0123456789abcdef01234567/items?user=${alice}`],
    ['GET', `/v1/bookings?user=${alice}`], ['GET', `/v1/bookings/K7Q2XM?user=${alice}`],
    ['POST', `/v1/bookings/K7Q2XM/cancel?user=${alice}`],
  ];
  for (const [method, path, json] of refused) {
    const res = await request(method, path, { json, headers: as('bob') });
    assertApiError(res, 403, 'permission_denied');
  }
  // X-User-Id cannot borrow alice either, nor can two of them.
  const borrowed = await request('POST', '/v1/chat/completions', { json: { model: MODEL, messages: [userMsg('hi')] }, headers: { ...as('bob'), 'x-user-id': alice } });
  assertApiError(borrowed, 403);
  assert.equal(aliceState(), before, 'a refused request read or changed alice\'s data');
  // Bob's own data and the shared routes are fine.
  assert.equal((await request('GET', `/v1/users/${bob}/profile`, { headers: as('bob') })).status, 200);
  assert.equal((await request('GET', '/v1/models', { headers: as('bob') })).status, 200);
});

test('the openai client with a user key: its user is implied, another user is a PermissionDeniedError', async () => {
  const client = clientFor('alice');
  const turn = await client.chat.completions.create({ model: MODEL, messages: [userMsg('what did I just ask?')], metadata: { session_id: 'trip' } });
  assert.match(turn.choices[0].message.content, /flights to Maui/);
  await assert.rejects(client.chat.completions.create({ model: MODEL, messages: [userMsg('hi')], user: bob }), (e) => e.status === 403);
  // The travel agent (its tools act for the turn's user) passes the same check.
  const planned = await client.chat.completions.create({ model: 'flightly-agent', messages: [userMsg('weather in Honolulu in March?')] });
  assert.equal(planned.contrail.agent.tool_calls[0].name, 'get_weather');
  await assert.rejects(client.chat.completions.create({ model: 'flightly-agent', messages: [userMsg('hi')], user: bob }),
    (e) => e.status === 403);
});

test('a service key acts for any user it names; a revoked key is refused', async () => {
  const profile = await request('GET', `/v1/users/${alice}/profile`, { headers: as('service') });
  assert.equal(profile.status, 200);
  assert.equal(profile.body.profile.name, 'Alice');
  assertApiError(await request('GET', '/v1/models', { headers: as('revoked') }), 401);
  assertApiError(await request('GET', '/v1/admin/keys', { headers: as('service') }), 403);
});

test('contrail keys lists what the admin API minted, never a key itself', () => {
  if (!process.env.CONTRAIL_BIN) return;
  const listed = execFileSync(process.env.CONTRAIL_BIN, ['keys', 'list', '--all'], { encoding: 'utf8' });
  for (const who of ['alice', 'bob', 'service', 'revoked']) assert.ok(listed.includes(minted[who].id), `${who}'s key not listed`);
  assert.ok(!listed.includes('ck_'), 'a listing shows a key');
  const revokedLine = listed.split('\n').find((l) => l.startsWith(minted.revoked.id));
  assert.match(revokedLine, /\byes\b/);
});
