// Bad input: every case gets a 4xx with an OpenAI-shaped JSON error, the server stays up, and no key
// is written to Valkey. Requests carry valid, unique user and session ids wherever the case allows, so
// a server that half-processed one would leave a key this file can see.
//
// The key check compares the whole keyspace before and after each request, so this file must not run
// alongside other e2e files (scripts/test runs node --test with --test-concurrency=1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI from 'openai';
import {
  BASE_URL, MODEL, RUN_TAG, assertApiError, eventually, keys, openai, request, sleep, uid, userMsg, valkey,
} from './lib/contrail.mjs';

const CHAT = '/v1/chat/completions';
const JSON_CT = { 'content-type': 'application/json' };
const hi = [userMsg('hi')];
const enc = encodeURIComponent;

// Fresh valid ids per case, so that no two cases share keys.
function ids() {
  const user = uid('bad');
  const session = uid('badsid');
  return { user, session, h: { 'X-User-Id': user, 'X-Session-Id': session } };
}

// Keys written since `before`, ignoring keys of other e2e processes that may share this Valkey.
function newKeys(before) {
  const seen = new Set(before);
  return valkey.keys().filter((k) => !seen.has(k) && (!k.includes('e2e-') || k.includes(RUN_TAG)));
}

async function assertNothingWritten(before, what) {
  await sleep(60); // a write-behind would land within this
  assert.deepEqual(newKeys(before), [], `${what} wrote keys`);
}

async function assertStillUp() {
  const res = await fetch(`${BASE_URL}/healthz`);
  assert.equal(res.status, 200, 'server is not healthy after a bad request');
}

// Each case: name, request (method, path, headers, json | raw), expected status (or list) and code.
function cases() {
  const c = [];
  const add = (name, status, req, code, param) => c.push({ name, status, req, code, param });
  const chatJson = (json, headers = ids().h) => ({ method: 'POST', path: CHAT, headers: { ...JSON_CT, ...headers }, raw: JSON.stringify(json) });
  const chatRaw = (raw, headers = ids().h, ct = JSON_CT) => ({ method: 'POST', path: CHAT, headers: { ...ct, ...headers }, raw });
  const profile = (method, user, json) => ({ method, path: `/v1/users/${enc(user)}/profile`, headers: JSON_CT, raw: JSON.stringify(json) });

  // Ids outside [A-Za-z0-9_.:-]{1,128}.
  for (const bad of ['a}:profile', '*', '../x', 'a b', 'x'.repeat(129), 'é']) {
    add(`profile PUT with user id ${JSON.stringify(bad.slice(0, 20))}${bad.length > 20 ? '…' : ''}`, 400,
      profile('PUT', bad, { name: 'x' }));
  }
  add('profile PUT with an empty user id', [400, 404], profile('PUT', '', { name: 'x' }));
  add('profile GET with user id "*"', 400, { method: 'GET', path: `/v1/users/${enc('*')}/profile` });
  add('chat with X-User-Id "a}:profile"', 400, chatJson({ model: MODEL, messages: hi }, { 'X-User-Id': 'a}:profile', 'X-Session-Id': uid('s') }));
  add('chat with a 129-character user field', 400, chatJson({ model: MODEL, messages: hi, user: 'u'.repeat(129) }, {}));
  add('chat with an empty user field and a session', 400, chatJson({ model: MODEL, messages: hi, user: '' }, { 'X-Session-Id': uid('s') }));
  add('chat with X-Session-Id "s*"', 400, chatJson({ model: MODEL, messages: hi }, { 'X-User-Id': uid('bad'), 'X-Session-Id': 's*' }));
  add('chat with metadata.session_id "../x"', 400, chatJson({ model: MODEL, messages: hi, user: uid('bad'), metadata: { session_id: '../x' } }, {}));
  add('GET messages with session id "a}b"', 400, { method: 'GET', path: `/v1/sessions/${enc('a}b')}/messages?user=${uid('bad')}` });
  add('GET messages with user "*"', 400, { method: 'GET', path: `/v1/sessions/${uid('s')}/messages?user=${enc('*')}` });
  add('GET messages without a user', 400, { method: 'GET', path: `/v1/sessions/${uid('s')}/messages` });
  add('DELETE messages without a user', 400, { method: 'DELETE', path: `/v1/sessions/${uid('s')}/messages` });

  // Malformed JSON and wrong types.
  add('truncated JSON', 400, chatRaw(`{"model":"${MODEL}","messages":[{"role":"user","content":"hi"}`));
  add('not JSON at all', 400, chatRaw('{model: flightly-local, messages: hi}'));
  add('an empty body', 400, chatRaw(''));
  add('a JSON array body', 400, chatRaw('[]'));
  add('a JSON null body', 400, chatRaw('null'));
  add('messages missing', 400, chatJson({ model: MODEL }));
  add('messages not an array', 400, chatJson({ model: MODEL, messages: { role: 'user', content: 'hi' } }));
  add('a message that is a string', 400, chatJson({ model: MODEL, messages: ['hi'] }));
  add('content a number', 400, chatJson({ model: MODEL, messages: [{ role: 'user', content: 42 }] }));
  add('stream a string', 400, chatJson({ model: MODEL, messages: hi, stream: 'yes' }));
  add('model a number', 400, chatJson({ model: 7, messages: hi }));
  add('empty messages', 400, chatJson({ model: MODEL, messages: [] }));
  add('an unknown role', 400, chatJson({ model: MODEL, messages: [{ role: 'wizard', content: 'hi' }] }));
  add('a message without a role', 400, chatJson({ model: MODEL, messages: [{ content: 'hi' }] }));

  // Sampling fields: each out of range, of the wrong type, or not finite is a 400 naming the field.
  // 1e400 goes as raw text: JSON.stringify(Infinity) is null.
  const sampling = (field, rawValue) => chatRaw(`{"model":"${MODEL}","messages":[{"role":"user","content":"hi"}],"${field}":${rawValue}}`);
  const fieldCases = [
    ['top_p', '1e400'], ['top_p', '-1e400'], ['top_p', '1.5'], ['top_p', '"0.5"'],
    ['temperature', '1e400'], ['temperature', '2.5'], ['temperature', '-0.1'],
    ['presence_penalty', '3'], ['frequency_penalty', '-2.5'], ['frequency_penalty', '1e400'],
    ['stop', '[1,2,3]'], ['stop', '["a","b","c","d","e"]'], ['stop', '[""]'], ['stop', `"${'s'.repeat(257)}"`], ['stop', '{}'],
    ['n', '2'], ['n', '1e400'], ['max_tokens', '0'], ['max_tokens', '1e400'], ['max_tokens', '2.5'],
    ['max_completion_tokens', '1000001'], ['seed', '1.5'], ['seed', '1e400'], ['seed', '"7"'],
    ['logit_bias', '{"abc":1}'], ['logit_bias', '{"50256":1e400}'], ['logit_bias', '{"50256":101}'], ['logit_bias', '[]'],
    ['response_format', '{"type":"json_object"}'], ['response_format', '"text"'],
  ];
  for (const [field, raw] of fieldCases) {
    add(`${field}: ${raw.length > 24 ? `${raw.slice(0, 24)}…` : raw}`, 400, sampling(field, raw), undefined, field);
  }

  // Identity rules.
  const u = ids();
  add('user field differs from X-User-Id', 400, chatJson({ model: MODEL, messages: hi, user: uid('other') }, u.h));
  add('a session (header) without a user', 400, chatJson({ model: MODEL, messages: hi }, { 'X-Session-Id': uid('s') }));
  add('a session (metadata.session_id) without a user', 400, chatJson({ model: MODEL, messages: hi, metadata: { session_id: uid('s') } }, {}));

  // Transport limits.
  add('text/plain content type', 415, chatRaw(JSON.stringify({ model: MODEL, messages: hi }), ids().h, { 'content-type': 'text/plain' }));
  add('profile PUT as text/plain', 415, { method: 'PUT', path: `/v1/users/${uid('bad')}/profile`, headers: { 'content-type': 'text/plain' }, raw: '{"name":"x"}' });
  add('a chat body over 1 MiB', 413, chatJson({ model: MODEL, messages: [userMsg('x'.repeat(1024 * 1024 + 16))] }));
  add('a profile body over 1 MiB', 413, profile('PUT', uid('bad'), { name: 'y'.repeat(1024 * 1024 + 16) }));

  // Profile content.
  add('profile with 65 fields', 400, profile('PUT', uid('bad'), Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`f${i}`, 'v']))));
  add('profile with a 2 KiB value', 400, profile('PUT', uid('bad'), { name: 'x', notes: 'n'.repeat(2048) }));
  add('profile PATCH with a 2 KiB value', 400, profile('PATCH', uid('bad'), { notes: 'n'.repeat(2048) }));
  add('profile with an object value', 400, profile('PUT', uid('bad'), { name: { first: 'Ana' } }));
  add('profile with an array value', 400, profile('PUT', uid('bad'), { kids_ages: [4, 8] }));
  add('profile with a boolean value', 400, profile('PATCH', uid('bad'), { vip: true }));
  add('profile body an array', 400, profile('PUT', uid('bad'), [['name', 'x']]));
  add('profile body malformed JSON', 400, { method: 'PUT', path: `/v1/users/${uid('bad')}/profile`, headers: JSON_CT, raw: '{"name":' });

  // Model.
  add('an unknown model', 404, chatJson({ model: 'gpt-nonexistent', messages: hi }), 'model_not_found');
  return c;
}

const table = cases();
// The table itself: enough cases, and each name once (a repeated name would hide a case).
assert.ok(table.length >= 20, `${table.length} cases`);
assert.equal(new Set(table.map((c) => c.name)).size, table.length, 'case names repeat');

for (const { name, status, req, code, param } of table) {
  test(`bad request → ${Array.isArray(status) ? status.join('|') : status}: ${name}`, async () => {
    const before = valkey.keys();
    const res = await request(req.method, req.path, { raw: req.raw, headers: req.headers });
    const err = assertApiError(res, status, code);
    if (param !== undefined) assert.equal(err.param, param, `error.param for ${name}`);
    assert.ok(res.headers.get('x-request-id'), 'no X-Request-Id on an error');
    await assertNothingWritten(before, name);
    await assertStillUp();
  });
}

// The same rules as the openai client sees them: its typed errors carry the server's error object.
async function rejectsWith(promise, Klass, status, code) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof Klass, `got ${err?.constructor?.name}: ${err?.message}`);
    assert.equal(err.status, status);
    assert.equal(typeof err.error?.message, 'string');
    if (code !== undefined) assert.equal(err.code, code);
    return true;
  });
}

test('openai client: unknown model, mismatched user, empty messages, unknown role, session without user', async () => {
  const before = valkey.keys();
  const { user, session } = ids();
  const client = openai();
  await rejectsWith(client.chat.completions.create({ model: 'no-such-model', messages: hi, user },
    { headers: { 'X-Session-Id': session } }), OpenAI.NotFoundError, 404, 'model_not_found');
  await rejectsWith(client.chat.completions.create({ model: MODEL, messages: hi, user },
    { headers: { 'X-User-Id': uid('other'), 'X-Session-Id': session } }), OpenAI.BadRequestError, 400);
  await rejectsWith(client.chat.completions.create({ model: MODEL, messages: [], user },
    { headers: { 'X-Session-Id': session } }), OpenAI.BadRequestError, 400);
  await rejectsWith(client.chat.completions.create({ model: MODEL, messages: [{ role: 'wizard', content: 'hi' }], user },
    { headers: { 'X-Session-Id': session } }), OpenAI.BadRequestError, 400);
  await rejectsWith(client.chat.completions.create({ model: MODEL, messages: hi, metadata: { session_id: session } }),
    OpenAI.BadRequestError, 400);
  await rejectsWith(client.chat.completions.create({ model: MODEL, messages: hi, stream: true, user: 'a}:profile' }),
    OpenAI.BadRequestError, 400);
  await assertNothingWritten(before, 'the openai client cases');
  await assertStillUp();
});

test('sampling fields within their bounds are accepted, through the openai client too', async () => {
  const fields = {
    top_p: 0.9, temperature: 0, presence_penalty: -2, frequency_penalty: 2, stop: ['\n\n', 'END'], n: 1,
    max_tokens: 64, seed: 42, logit_bias: { 50256: -100 }, response_format: { type: 'text' },
  };
  const res = await request('POST', CHAT, { json: { model: MODEL, messages: hi, ...fields } });
  assert.equal(res.status, 200, res.text);
  const completion = await openai().chat.completions.create({ model: MODEL, messages: hi, ...fields, stop: 'END' });
  assert.equal(typeof completion.choices[0].message.content, 'string');
});

test('after all the bad requests, a good turn still works and is stored', async () => {
  const { user, session } = ids();
  const res = await request('POST', CHAT, {
    json: { model: MODEL, messages: hi },
    headers: { 'X-User-Id': user, 'X-Session-Id': session },
  });
  assert.equal(res.status, 200, res.text);
  assert.ok(await eventually(() => valkey.exists(keys.msgs(user, session))), 'the good turn was not stored');
});
