// Session state is the server's, whichever model answers: with a remote (OpenAI-compatible) model,
// a follow-up such as "and hotels there?" is still retrieved with the session's place. The remote
// model is a local scripted server speaking OpenAI's chat wire format; a second contrail (the same
// binary, CONTRAIL_BIN) is configured with it and shares the suite's Valkey and PostgreSQL.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { VALKEY_CLI_ARGS, authHeaders, startContrail, uid } from './lib/contrail.mjs';

const REMOTE_MODEL = 'scripted-gpt';

// A model whose provider refuses the key, and the key: the 401 body echoes it (as OpenAI's
// "Incorrect API key provided: …" does) and the Authorization header it came in.
const REFUSING_MODEL = 'scripted-401';
const API_KEY = `sk-e2e-${Date.now().toString(36)}Secret${Math.random().toString(36).slice(2)}`;

// The scripted provider: records every request body, answers with a fixed message.
const requests = [];
const provider = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    requests.push({ path: req.url, body: JSON.parse(body) });
    if (requests.at(-1).body.model === REFUSING_MODEL) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${API_KEY}. You sent authorization: ${req.headers.authorization}; {"api_key": "${API_KEY}"}`,
          type: 'invalid_request_error', code: 'invalid_api_key',
        },
      }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id: 'chatcmpl-scripted', object: 'chat.completion', created: 1, model: REMOTE_MODEL,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Here is what I found.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }));
  });
});

let server;
let url;

before(async () => {
  await new Promise((resolve) => provider.listen(0, '127.0.0.1', resolve));
  server = await startContrail({
    CONTRAIL_OPENAI_BASE_URL: `http://127.0.0.1:${provider.address().port}/v1`,
    CONTRAIL_OPENAI_MODELS: `${REMOTE_MODEL},${REFUSING_MODEL}`,
    OPENAI_API_KEY: API_KEY,
  });
  url = server.url;
});

after(async () => {
  await server?.stop();
  await new Promise((resolve) => provider.close(resolve));
});

async function post(path, body, headers = {}) {
  const res = await fetch(url + path, {
    method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders(), ...headers }, body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

test('a provider that answers 401 echoing the API key: the client\'s error and the log do not repeat the key', async () => {
  for (const stream of [false, true]) {
    const res = await post('/v1/chat/completions', { model: REFUSING_MODEL, stream, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(res.status, 502, res.text);
    assert.match(res.body.error.message, /answered 401/, 'the error still says what happened');
    assert.match(res.body.error.message, /Incorrect API key provided: \[REDACTED\]/);
    assert.ok(!res.text.includes(API_KEY), `the key reached the client: ${res.text}`);
    assert.ok(!res.text.includes(API_KEY.slice(7)), `part of the key reached the client: ${res.text}`);
  }
  assert.equal(requests.at(-1).body.model, REFUSING_MODEL, 'the provider was called');
  assert.ok(!server.log().includes(API_KEY), 'the key reached the log');
});

const documentsOf = (sources) => sources.map((s) => `${s.document_id}#${s.chunk_id}`);

test('a follow-up to a remote model is retrieved with the session\'s place, and the session keeps its state', async () => {
  const user = uid('remote');
  const session = uid('s');
  const ids = { 'x-user-id': user, 'x-session-id': session };
  const first = await post('/v1/chat/completions', { model: REMOTE_MODEL, messages: [{ role: 'user', content: 'can I book a flight from Las Vegas to Honolulu?' }] }, ids);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const followUp = await post('/v1/chat/completions', { model: REMOTE_MODEL, messages: [{ role: 'user', content: 'and hotels there?' }] }, ids);
  assert.equal(followUp.status, 200, JSON.stringify(followUp.body));
  assert.equal(followUp.body.choices[0].message.content, 'Here is what I found.');

  // The sources are the second stage's pick among what a search for the standalone query finds
  // (knowledge.rerank_candidates = 30 candidates, the default).
  const sources = followUp.body.contrail?.sources ?? [];
  assert.ok(sources.length > 0, 'the follow-up was not grounded');
  const candidates = await post('/v1/search', { query: 'and hotels there? Honolulu', k: 30 });
  const found = new Set(documentsOf(candidates.body.data));
  for (const source of documentsOf(sources)) assert.ok(found.has(source), `${source} is not a candidate`);
  const standalone = await post('/v1/search', { query: 'and hotels there? Honolulu', k: sources.length });
  const bare = await post('/v1/search', { query: 'and hotels there?', k: sources.length });
  assert.notDeepEqual(documentsOf(bare.body.data), documentsOf(standalone.body.data), 'the place must change what is found');

  // The remote model was told: the passages arrive in a system message before the conversation.
  const seen = requests.at(-1).body;
  assert.equal(seen.model, REMOTE_MODEL);
  const grounding = seen.messages.find((m) => m.role === 'system' && m.content.includes("Passages from Flightly's documents"));
  assert.ok(grounding, 'no grounding message reached the model');
  assert.ok(grounding.content.includes(sources[0].document_id));
  assert.deepEqual(seen.messages.slice(-3).map((m) => m.role), ['user', 'assistant', 'user'], 'the history reached the model');

  // The server stored the session's state although the model returned none.
  const state = JSON.parse(execFileSync(process.env.CONTRAIL_VALKEY_CLI || 'valkey-cli',
    [...VALKEY_CLI_ARGS, 'GET', `{u:${user}}:s:${session}:state`]).toString());
  assert.equal(state.slots.destination, 'HNL');
  assert.equal(state.slots.origin, 'LAS');
  assert.equal(state.turns, 2);
  assert.equal(state.intent, 'hotel_search');
});
