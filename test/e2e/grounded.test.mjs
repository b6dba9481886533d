// Grounded answers: a knowledge question through /v1/chat/completions is answered from the ingested
// documents with numbered citations, and the sources come back in `contrail.sources` (on the body,
// and on the final chunk of a stream). Needs the server's database migrated and data/knowledge
// ingested (scripts/test does both).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MODEL, chat, openai, uid, userMsg } from './lib/contrail.mjs';

test('a policy question cites the pets policy', async () => {
  // no-cache: this test is about retrieval, which a semantic cache hit would skip.
  const res = await chat({ messages: [userMsg('can I bring my dog in the cabin?')] },
    { 'x-user-id': uid('kb'), 'cache-control': 'no-cache' });
  assert.equal(res.status, 200, res.text);
  const sources = res.body.contrail?.sources;
  assert.ok(Array.isArray(sources) && sources.length > 0, `no sources in ${res.text.slice(0, 300)}`);
  assert.equal(sources[0].document_id, 'policies/pets.md');
  assert.equal(sources[0].n, 1);
  assert.equal(typeof sources[0].chunk_id, 'number');
  const answer = res.body.choices[0].message.content;
  assert.match(answer, /\[1\]/);
  assert.match(answer, /policies\/pets\.md/);
  assert.match(res.headers.get('server-timing'), /retrieve;dur=/);
});

test('the seed example: surf and party ranks the Miami and Bali guides first', async () => {
  const res = await chat({ messages: [userMsg('where can I surf and party?')] });
  assert.equal(res.status, 200, res.text);
  const docs = res.body.contrail.sources.slice(0, 2).map((s) => s.document_id).sort();
  assert.deepEqual(docs.filter((d) => d === 'guides/miami.md' || d === 'guides/bali.md').length > 0, true, docs.join());
  const top = new Set(res.body.contrail.sources.slice(0, 4).map((s) => s.document_id));
  assert.ok(top.has('guides/miami.md') && top.has('guides/bali.md'), [...top].join());
});

test('a streamed grounded answer carries the sources on its final chunk', async () => {
  const stream = await openai().chat.completions.create({
    model: MODEL,
    stream: true,
    messages: [userMsg('what is the checked baggage allowance in economy?')],
  });
  let text = '';
  let last;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.choices[0]?.finish_reason) last = chunk;
  }
  assert.ok(last, 'no final chunk');
  const sources = last.contrail?.sources;
  assert.ok(Array.isArray(sources) && sources.length > 0, 'final chunk has no contrail.sources');
  assert.ok(sources.some((s) => s.document_id.startsWith('policies/')), sources.map((s) => s.document_id).join());
  assert.match(text, /\[\d\]/);
});

test('a fare question combines offers and current fares from the database', async () => {
  const question = (from) => `cheapest family trip${from} to Honolulu in March under $400 a person`;
  // Without an origin only the airports with fares are named (live_facts.test.mjs): fly from one.
  const named = (await chat({ messages: [userMsg(question(''))] })).body.choices[0].message.content;
  const airports = named.match(/Flightly has them from ([A-Z, and]+)\./)?.[1].split(/, | and /) ?? [];
  assert.ok(airports.length > 0, named);
  let answer = '';
  let res;
  for (const code of airports) {
    res = await chat({ messages: [userMsg(question(` from ${code}`))] });
    assert.equal(res.status, 200, res.text);
    answer = res.body.choices[0].message.content;
    if (answer.includes('→HNL on ')) break;
  }
  assert.match(answer, /Current fares and offers in Flightly's system/);
  assert.match(answer, /[A-Z]{3}→HNL on \d{4}-03-\d\d, economy(?:, \d+ stops?)?, \$\d+ a person, \d+ seats left/);
  assert.ok(res.body.contrail.sources.some((s) => s.document_id.startsWith('promotions/')));
});
