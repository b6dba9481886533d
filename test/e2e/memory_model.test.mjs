// Memory extraction by a configured model (memory.extraction_model): a second contrail, on a
// Valkey of its own (so the suite's worker never takes its events) and the suite's PostgreSQL,
// sends each batch's conversation to a local scripted server speaking OpenAI's chat wire format
// and stores what the model answers, checked against the slots' formats; when the model fails,
// the rules extract the batch instead.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { authHeaders, eventually, freePort, sleep, startContrail, uid, userMsg } from './lib/contrail.mjs';

const EXTRACTOR = 'scripted-extractor';
const prompts = [];
let failing = false;

// The model: an extraction prompt gets memories for what the rules would not read (or a 500 while
// `failing`); anything else a plain answer.
const provider = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const parsed = JSON.parse(body);
    const system = parsed.messages.find((m) => m.role === 'system')?.content ?? '';
    if (system.startsWith('You extract long-term memories')) {
      prompts.push(parsed);
      if (failing) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'scripted outage', type: 'server_error' } }));
        return;
      }
    }
    const content = system.startsWith('You extract long-term memories')
      ? JSON.stringify({ memories: [
        { slot: 'seat', value: 'Window', text: 'Likes a window seat.', source: 0 },
        { slot: 'home_airport', value: 'sea', text: 'Flies from Seattle.', source: 0 },
        { slot: 'password', value: 'hunter2', source: 0 },
      ] })
      : 'ok';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: parsed.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }));
  });
});

let valkey;
let server;
before(async () => {
  await new Promise((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const port = await freePort();
  valkey = spawn(process.env.CONTRAIL_VALKEY_SERVER || 'valkey-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await sleep(300);
  server = await startContrail({
    CONTRAIL_VALKEY_PORT: String(port), CONTRAIL_VALKEY_USERNAME: '', CONTRAIL_VALKEY_PASSWORD: '',
    CONTRAIL_OPENAI_BASE_URL: `http://127.0.0.1:${provider.address().port}/v1`,
    CONTRAIL_OPENAI_MODELS: EXTRACTOR, OPENAI_API_KEY: 'sk-e2e-extract',
    CONTRAIL_MEMORY_EXTRACTION_MODEL: EXTRACTOR, CONTRAIL_MAX_RETRIES: '0',
  });
});
after(async () => {
  await server?.stop();
  valkey?.kill('SIGTERM');
  await new Promise((resolve) => provider.close(resolve));
});

async function say(user, session, text) {
  const res = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ model: 'flightly-local', user, metadata: { session_id: session }, messages: [userMsg(text)] }),
  });
  assert.equal(res.status, 200, await res.text());
}

async function records(user, ready) {
  let bySlot = {};
  await eventually(async () => {
    const res = await fetch(`${server.url}/v1/memory/records?user=${user}&kind=fact,preference&k=50`, { headers: authHeaders() });
    bySlot = Object.fromEntries((await res.json()).data.map((r) => [r.slot, r]));
    return ready(bySlot);
  }, 10_000);
  return bySlot;
}

test('the configured model extracts the memories, each checked against its slot', async () => {
  const user = uid('model');
  await say(user, 'one', 'Window, every time: I like looking out on the way home to the Emerald City.');
  const found = await records(user, (r) => r.seat && r.home_airport);
  assert.equal(found.seat.value, 'window');
  assert.equal(found.seat.text, 'Likes a window seat.');
  assert.equal(found.home_airport.value, 'SEA');
  assert.equal(found.password, undefined, 'a slot the prompt does not name is dropped');
  const prompt = prompts.at(-1);
  assert.equal(prompt.model, EXTRACTOR);
  assert.match(prompt.messages.at(-1).content, /#0 \[user\] Window, every time/);
});

test('a batch the model fails is extracted by the rules', async () => {
  const user = uid('fallback');
  failing = true;
  try {
    const asked = prompts.length;
    await say(user, 'one', 'I always take an aisle seat.');
    const found = await records(user, (r) => r.seat);
    assert.equal(found.seat.value, 'aisle');
    assert.ok(prompts.length > asked, 'the model was asked first');
  } finally {
    failing = false;
  }
  const metrics = await (await fetch(`${server.url}/metrics`, { headers: authHeaders() })).text();
  assert.match(metrics, /^contrail_memory_extraction_fallbacks_total [1-9]/m);
});
