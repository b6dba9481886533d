// Liveness, readiness, the model list, and the headers every response carries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MODEL, chat, openai, request, userMsg } from './lib/contrail.mjs';

test('GET /healthz is 200 while the server is alive', async () => {
  const res = await request('GET', '/healthz');
  assert.equal(res.status, 200, res.text);
});

test('GET /readyz is 200 and reports each backend as {ok, ms}', async () => {
  const res = await request('GET', '/readyz');
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  const { status, checks } = res.body ?? {};
  assert.equal(typeof status, 'string', res.text);
  assert.ok(status.length > 0);
  for (const backend of ['valkey', 'postgres']) {
    const check = checks?.[backend];
    assert.ok(check, `checks.${backend} missing in ${res.text}`);
    assert.equal(check.ok, true, `${backend} not ok: ${res.text}`);
    assert.equal(typeof check.ms, 'number', `${backend}.ms must be a number: ${res.text}`);
    assert.ok(check.ms >= 0 && check.ms < 5000, `${backend}.ms out of range: ${check.ms}`);
  }
});

test('GET /v1/models lists flightly-local in the OpenAI list shape', async () => {
  const res = await request('GET', '/v1/models');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.object, 'list');
  assert.ok(Array.isArray(res.body.data));
  const model = res.body.data.find((m) => m.id === MODEL);
  assert.ok(model, `${MODEL} not listed: ${res.text}`);
  assert.equal(model.object, 'model');
  assert.equal(typeof model.created, 'number');
  assert.ok(Number.isInteger(model.created) && model.created > 0);
  assert.equal(typeof model.owned_by, 'string');
  assert.ok(model.owned_by.length > 0);
  for (const m of res.body.data) {
    assert.equal(typeof m.id, 'string');
    assert.equal(m.object, 'model');
  }
});

test('the openai client lists the models too', async () => {
  const ids = [];
  for await (const m of openai().models.list()) ids.push(m.id);
  assert.ok(ids.includes(MODEL), `models: ${ids.join(', ')}`);
});

test('every response has X-Request-Id (distinct per request) and Server-Timing', async () => {
  const responses = await Promise.all([
    request('GET', '/healthz'),
    request('GET', '/readyz'),
    request('GET', '/v1/models'),
    request('GET', '/healthz'),
    chat({ messages: [userMsg('who are you?')] }),
    chat({ messages: [] }), // an error response carries them as well
    request('GET', '/v1/no-such-route'),
  ]);
  const ids = new Set();
  for (const res of responses) {
    const id = res.headers.get('x-request-id');
    assert.ok(id && id.length > 0, `no X-Request-Id on a ${res.status} response`);
    ids.add(id);
    assert.ok(res.headers.get('server-timing'), `no Server-Timing on a ${res.status} response`);
  }
  assert.equal(ids.size, responses.length, 'X-Request-Id values repeat');
});

test('unknown routes get a 404 with an OpenAI-shaped error', async () => {
  const res = await request('GET', '/v1/no-such-route');
  assert.equal(res.status, 404, res.text);
  assert.equal(typeof res.body?.error?.message, 'string', res.text);
});
