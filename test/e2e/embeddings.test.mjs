// POST /v1/embeddings through the openai client (which asks for base64 by default) and plain HTTP:
// shape, unit vectors of 1024 dimensions, paraphrases closer than unrelated texts, errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertApiError, openai, request } from './lib/contrail.mjs';

const cosine = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a) => Math.sqrt(cosine(a, a));

test('the openai client gets one unit vector per input, in order', async () => {
  const res = await openai().embeddings.create({
    model: 'contrail-local',
    input: ['Can I bring my dog on the plane?', 'pet policy for flights in the cabin', 'cheapest hotel in Paris'],
  });
  assert.equal(res.object, 'list');
  assert.equal(res.model, 'contrail-local');
  assert.equal(res.data.length, 3);
  res.data.forEach((d, i) => {
    assert.equal(d.index, i);
    assert.equal(d.embedding.length, 1024);
    assert.ok(Math.abs(norm(d.embedding) - 1) < 1e-4, `norm ${norm(d.embedding)}`);
  });
  const [dog, pet, hotel] = res.data.map((d) => d.embedding);
  assert.ok(cosine(dog, pet) > cosine(dog, hotel) + 0.2, `paraphrase ${cosine(dog, pet)} vs unrelated ${cosine(dog, hotel)}`);
  assert.ok(res.usage.prompt_tokens > 0);
});

test('float and base64 encodings carry the same vector; a repeat is served from the cache', async () => {
  const input = 'flights from LAX to Honolulu in March';
  const f = await request('POST', '/v1/embeddings', { json: { input, encoding_format: 'float' } });
  assert.equal(f.status, 200, f.text);
  const b = await request('POST', '/v1/embeddings', { json: { input, encoding_format: 'base64' } });
  assert.equal(b.status, 200, b.text);
  const bytes = Buffer.from(b.body.data[0].embedding, 'base64');
  const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
  assert.equal(decoded.length, 1024);
  decoded.forEach((x, i) => assert.ok(Math.abs(x - f.body.data[0].embedding[i]) < 1e-6));
  assert.match(b.headers.get('x-embedding-cache'), /^lru=1,/);
  assert.match(b.headers.get('server-timing'), /embed;dur=/);
});

test('bad embedding requests are 4xx with OpenAI error bodies', async () => {
  const cases = [
    [{}, 400, 'input'],
    [{ input: '' }, 400, 'input'],
    [{ input: [] }, 400, 'input'],
    [{ input: [[1, 2, 3]] }, 400, 'input'],
    [{ input: 5 }, 400, 'input'],
    [{ input: 'x', encoding_format: 'hex' }, 400, 'encoding_format'],
    [{ input: 'x', dimensions: 512 }, 400, 'dimensions'],
    [{ input: 'x', model: 'text-embedding-ada-002' }, 404, 'model'],
  ];
  for (const [json, status, param] of cases) {
    const res = await request('POST', '/v1/embeddings', { json });
    const err = assertApiError(res, status);
    assert.equal(err.param, param, JSON.stringify(json));
  }
  const raw = await request('POST', '/v1/embeddings', { raw: '{"input":', headers: { 'content-type': 'application/json' } });
  assertApiError(raw, 400);
});
