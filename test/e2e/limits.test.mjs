// The limits of [limits] through the HTTP API, on a second contrail configured with small ones
// (it shares the suite's Valkey and PostgreSQL): a key's request rate under concurrent load, a
// user's turn rate, a key's daily tokens and a user's session cap — each a 429 in OpenAI's error
// shape with Retry-After where waiting helps, and nothing refused that is within its limit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { assertApiError, eventually, request, startContrail, uid } from './lib/contrail.mjs';

let server;

before(async () => {
  server = await startContrail({
    CONTRAIL_LIMIT_KEY_REQUESTS_PER_MINUTE: '60',
    CONTRAIL_LIMIT_KEY_BURST: '10',
    CONTRAIL_LIMIT_USER_TURNS_PER_MINUTE: '60',
    CONTRAIL_LIMIT_USER_BURST: '6',
    CONTRAIL_LIMIT_MAX_SESSIONS_PER_USER: '2',
  });
});

after(async () => {
  await server?.stop();
});

// A new key made through the suite's server (its admin key), e.g. {kind: 'service'}.
async function newKey(spec) {
  const res = await request('POST', '/v1/admin/keys', { json: { name: 'limits e2e', ...spec } });
  assert.equal(res.status, 201, res.text);
  return res.body.key;
}

async function call(key, method, path, json) {
  const init = { method, headers: { authorization: `Bearer ${key}` } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = undefined; }
  return { status: res.status, headers: res.headers, text, body };
}

const turn = (key, user, session, content = 'hello') => call(key, 'POST', '/v1/chat/completions', {
  model: 'flightly-local', user, messages: [{ role: 'user', content }], ...(session ? { metadata: { session_id: session } } : {}),
});

function count(results) {
  const by = {};
  for (const r of results) by[r.status] = (by[r.status] ?? 0) + 1;
  return by;
}

test('under concurrent load a key gets its burst, then 429s with Retry-After; another key is not affected', async () => {
  const key = await newKey({ kind: 'service' });
  const started = Date.now();
  const results = await Promise.all(Array.from({ length: 40 }, () => call(key, 'GET', '/v1/models')));
  const seconds = Math.ceil((Date.now() - started) / 1000);
  const by = count(results);
  assert.deepEqual(Object.keys(by).sort(), ['200', '429'], JSON.stringify(by));
  // The burst of 10, and at most one more per second that passed meanwhile (the rate is 1/s).
  assert.ok(by[200] >= 10 && by[200] <= 10 + seconds, `${JSON.stringify(by)} in ${seconds} s`);
  for (const r of results.filter((x) => x.status === 429)) {
    assertApiError(r, 429, 'rate_limit_exceeded');
    assert.equal(r.body.error.type, 'rate_limit_error');
    const wait = Number(r.headers.get('retry-after'));
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, `Retry-After ${r.headers.get('retry-after')}`);
  }
  const other = await newKey({ kind: 'service' });
  assert.equal((await call(other, 'GET', '/v1/models')).status, 200);
});

test('the openai client sees a RateLimitError at the limit', async () => {
  const key = await newKey({ kind: 'service' });
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key, maxRetries: 0 });
  const outcomes = await Promise.allSettled(Array.from({ length: 14 }, () => client.models.list()));
  const refused = outcomes.filter((o) => o.status === 'rejected');
  assert.ok(refused.length >= 2, 'no request was refused');
  for (const o of refused) {
    assert.ok(o.reason instanceof OpenAI.RateLimitError, String(o.reason));
    assert.equal(o.reason.status, 429);
  }
});

test('a user has a turn rate of her own, whichever key acts for her', async () => {
  const [a, b] = [await newKey({ kind: 'service' }), await newKey({ kind: 'service' })];
  const user = uid('rate');
  const started = Date.now();
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => turn(i % 2 ? a : b, user)));
  const seconds = Math.ceil((Date.now() - started) / 1000);
  const by = count(results);
  assert.ok(by[200] >= 6 && by[200] <= 6 + seconds, `${JSON.stringify(by)} in ${seconds} s`);
  assert.ok(by[429] >= 10 - 6 - seconds, JSON.stringify(by));
  for (const r of results.filter((x) => x.status === 429)) assertApiError(r, 429, 'rate_limit_exceeded');
  assert.equal((await turn(a, uid('other'))).status, 200, 'another user is not affected');
});

test('a key with a daily token limit is refused once it is used up, until midnight UTC', async () => {
  const key = await newKey({ kind: 'service', daily_tokens: 1 });
  const listed = await request('GET', '/v1/admin/keys');
  assert.ok(listed.body.data.some((k) => k.daily_tokens === 1), 'the key lists its limit');
  const first = await turn(key, uid('quota'));
  assert.equal(first.status, 200, first.text);
  assert.ok(first.body.usage.total_tokens > 1);
  // The tokens are counted after the reply; the next turn is refused once they are.
  const refused = await eventually(async () => {
    const r = await turn(key, uid('quota'));
    return r.status === 429 ? r : undefined;
  });
  assert.ok(refused, 'the key was never refused');
  const err = assertApiError(refused, 429, 'insufficient_quota');
  assert.equal(err.type, 'insufficient_quota');
  const wait = Number(refused.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 86400, `Retry-After ${wait}`);
  const bad = await request('POST', '/v1/admin/keys', { json: { kind: 'service', daily_tokens: -5 } });
  assertApiError(bad, 400, 'invalid_value');
});

test('a user at the session cap keeps her sessions but cannot open another until one is deleted', async () => {
  const user = uid('cap');
  const key = await newKey({ kind: 'user', user });
  const [s1, s2, s3] = [uid('s'), uid('s'), uid('s')];
  assert.equal((await turn(key, user, s1)).status, 200);
  assert.equal((await turn(key, user, s2)).status, 200);
  const refused = await turn(key, user, s3);
  const err = assertApiError(refused, 429, 'insufficient_quota');
  assert.equal(err.param, 'session');
  assert.equal(refused.headers.get('retry-after'), null, 'waiting does not help: a session must end');
  assert.equal((await turn(key, user, s1, 'and hotels?')).status, 200, 'a session she holds');
  const deleted = await call(key, 'DELETE', `/v1/sessions/${s1}/messages`);
  assert.ok([200, 204].includes(deleted.status), deleted.text);
  assert.equal((await turn(key, user, s3)).status, 200, 'a deleted session frees its place');
});

test('continuing an earlier response forks into a new session, so at the session cap the fork is refused', async () => {
  const user = uid('cap-fork');
  const key = await newKey({ kind: 'user', user });
  const respond = (input, previous) => call(key, 'POST', '/v1/responses', {
    model: 'flightly-local', input, ...(previous ? { previous_response_id: previous } : {}),
  });
  const first = await respond('flights from Denver to Maui in March');
  const second = await respond('and hotels there?', first.body.id);  // the chain's session: one
  const third = await respond('what about May?', second.body.id);
  assert.deepEqual([first.status, second.status, third.status], [200, 200, 200]);
  assert.equal((await turn(key, user, uid('s'))).status, 200);  // a chat session: two, the cap
  const fork = await respond('and in June?', second.body.id);
  assert.equal(assertApiError(fork, 429, 'insufficient_quota').param, 'session');
  assert.equal((await respond('and in June?', third.body.id)).status, 200, 'the chain goes on in its own session');
});
