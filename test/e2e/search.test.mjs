// POST /v1/search against the running server, whose database holds the shipped knowledge base
// (scripts/test runs `contrail ingest data/knowledge` before starting it): ranking, filters, the
// response shape, and 400s for bad input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertApiError, request } from './lib/contrail.mjs';

const search = (json, headers) => request('POST', '/v1/search', { json, headers });

// Distinct document ids in rank order.
const documents = (res) => [...new Set(res.body.data.map((h) => h.document_id))];

test('surf-and-party ranks the Miami and Bali guides first (hybrid and vector)', async () => {
  for (const mode of [undefined, 'hybrid', 'vector']) {
    const res = await search({ query: 'where can I surf and party?', k: 5, ...(mode ? { mode } : {}) });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.object, 'list');
    assert.equal(res.body.data.length, 5, res.text);
    const top2 = documents(res).slice(0, 2).sort();
    assert.deepEqual(top2, ['guides/bali.md', 'guides/miami.md'], `${mode}: ${documents(res).join(', ')}`);
  }
});

test('full text alone cannot find surf-and-party, but finds an exact promo code', async () => {
  const none = await search({ query: 'where can I surf and party?', mode: 'text' });
  assert.equal(none.status, 200, none.text);
  assert.deepEqual(none.body.data, []);
  const code = await search({ query: 'SPRINGHNL27', mode: 'hybrid', k: 3 });
  assert.equal(code.status, 200, code.text);
  assert.equal(code.body.data[0].document_id, 'promotions/spring-break-honolulu.md', code.text);
  assert.match(code.body.data[0].text, /SPRINGHNL27/);
});

test('hits have the documented shape and come best first', async () => {
  const res = await search({ query: 'how much does a second checked bag cost?', k: 4 });
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.match(res.headers.get('server-timing') ?? '', /search;dur=/);
  let previous = Infinity;
  for (const hit of res.body.data) {
    assert.equal(typeof hit.document_id, 'string');
    assert.ok(Number.isInteger(hit.chunk_id) && hit.chunk_id > 0, JSON.stringify(hit));
    assert.equal(typeof hit.text, 'string');
    assert.ok(hit.text.length > 0);
    assert.equal(typeof hit.score, 'number');
    assert.ok(hit.score <= previous, 'scores must not increase');
    previous = hit.score;
    assert.equal(typeof hit.metadata, 'object');
    assert.equal(typeof hit.metadata.doc_type, 'string');
    assert.ok(Array.isArray(hit.metadata.destination));
  }
});

test('filters: doc_type, destination and a promotion validity window', async () => {
  const promos = await search({ query: 'spring break deals', k: 10, filters: { doc_type: 'promotion' } });
  assert.equal(promos.status, 200, promos.text);
  assert.ok(promos.body.data.length > 0);
  for (const h of promos.body.data) assert.equal(h.metadata.doc_type, 'promotion', h.document_id);

  const bali = await search({ query: 'checked baggage rules', k: 10, mode: 'vector', filters: { destination: 'dps' } });
  assert.equal(bali.status, 200, bali.text);
  assert.equal(bali.body.data.length, 10, 'a selective filter still returns k rows');
  for (const h of bali.body.data) assert.ok(h.metadata.destination.includes('DPS'), h.document_id);

  const window = (valid_on) =>
    search({ query: 'spring break Honolulu family fares', k: 10, filters: { doc_type: 'promotion', valid_on } });
  const inside = await window('2027-03-01');
  assert.ok(documents(inside).includes('promotions/spring-break-honolulu.md'), inside.text);
  const outside = await window('2027-06-01');
  assert.equal(outside.status, 200, outside.text);
  assert.ok(!documents(outside).includes('promotions/spring-break-honolulu.md'), documents(outside).join(', '));
});

test('bad input is a 400 with an OpenAI-shaped error naming the field', async () => {
  const cases = [
    [{ query: '' }, 'query'],
    [{ query: '   ' }, 'query'],
    [{ k: 3 }, 'query'],
    [{ query: 42 }, 'query'],
    [{ query: 'bags', k: 0 }, 'k'],
    [{ query: 'bags', k: 101 }, 'k'],
    [{ query: 'bags', k: '5' }, 'k'],
    [{ query: 'bags', k: 2.5 }, 'k'],
    [{ query: 'bags', mode: 'semantic' }, 'mode'],
    [{ query: 'bags', filters: 'promotion' }, 'filters'],
    [{ query: 'bags', filters: { doc_type: ['policy'] } }, 'filters.doc_type'],
    [{ query: 'bags', filters: { destination: 7 } }, 'filters.destination'],
    [{ query: 'bags', filters: { valid_on: '2027-02-30' } }, 'filters.valid_on'],
    [{ query: 'bags', filters: { valid_from: 'tomorrow' } }, 'filters.valid_from'],
    [{ query: 'bags', filters: { valid_to: '2027-13-01' } }, 'filters.valid_to'],
    [{ query: 'bags', filters: { valid_from: '2027-05-01', valid_to: '2027-04-01' } }, 'filters.valid_from'],
    [{ query: 'bags', filters: { colour: 'red' } }, 'filters'],
  ];
  for (const [body, param] of cases) {
    const res = await search(body);
    const err = assertApiError(res, 400);
    assert.equal(err.param, param, `${JSON.stringify(body)} → ${res.text}`);
  }
  const notJson = await request('POST', '/v1/search', { raw: '{"query":', headers: { 'content-type': 'application/json' } });
  assertApiError(notJson, 400);
  const wrongType = await request('POST', '/v1/search', { raw: 'query=bags', headers: { 'content-type': 'text/plain' } });
  assertApiError(wrongType, [400, 415]);
});

test('injection attempts stay data and the knowledge base survives', async () => {
  const attack = "'; DROP TABLE knowledge_chunks; --";
  for (const body of [
    { query: attack },
    { query: attack, mode: 'text' },
    { query: 'bags', filters: { doc_type: attack } },
    { query: 'bags', filters: { destination: "MIA') OR 1=1 --" } },
  ]) {
    const res = await search(body);
    assert.equal(res.status, 200, res.text);
  }
  const still = await search({ query: 'where can I surf and party?', k: 2 });
  assert.equal(still.status, 200, still.text);
  assert.equal(still.body.data.length, 2);
});
