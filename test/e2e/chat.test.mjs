// Stateless chat completions through the openai client and plain HTTP: shape, usage, streaming,
// the offline model's identity, and the default model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import OpenAI from 'openai';
import { BASE_URL, MODEL, answerOf, authHeaders, chat, keys, openai, sleep, uid, userMsg, valkey } from './lib/contrail.mjs';

const QUESTION = 'can I book a flight from Las Vegas to Hawaii?';

test('a plain completion through the openai client has the OpenAI shape and usage', async () => {
  const c = await openai().chat.completions.create({ model: MODEL, messages: [userMsg(QUESTION)] });
  assert.equal(c.object, 'chat.completion');
  assert.equal(typeof c.id, 'string');
  assert.ok(c.id.length > 0);
  assert.equal(typeof c.created, 'number');
  assert.equal(c.model, MODEL);
  assert.equal(c.choices.length, 1);
  const [choice] = c.choices;
  assert.equal(choice.index, 0);
  assert.equal(choice.message.role, 'assistant');
  assert.equal(typeof choice.message.content, 'string');
  assert.ok(choice.message.content.trim().length > 0, 'empty answer');
  assert.equal(choice.finish_reason, 'stop');
  const { prompt_tokens, completion_tokens, total_tokens } = c.usage;
  assert.ok(Number.isInteger(prompt_tokens) && prompt_tokens > 0, `prompt_tokens ${prompt_tokens}`);
  assert.ok(Number.isInteger(completion_tokens) && completion_tokens > 0, `completion_tokens ${completion_tokens}`);
  assert.equal(total_tokens, prompt_tokens + completion_tokens);
});

test('the answer is about the question asked (Las Vegas → Hawaii)', async () => {
  const answer = answerOf(await chat({ messages: [userMsg(QUESTION)] }));
  assert.match(answer, /hawaii|honolulu|HNL/i);
  assert.match(answer, /las vegas|LAS/i);
});

test('a longer prompt counts more prompt tokens', async () => {
  const short = await chat({ messages: [userMsg('hi')] });
  const long = await chat({ messages: [userMsg(`hi ${'please tell me about flights to Hawaii '.repeat(20)}`)] });
  assert.equal(short.status, 200, short.text);
  assert.equal(long.status, 200, long.text);
  assert.ok(long.body.usage.prompt_tokens > short.body.usage.prompt_tokens,
    `${long.body.usage.prompt_tokens} <= ${short.body.usage.prompt_tokens}`);
});

test('asked "who are you?", the offline model says it is flightly-local, the offline model', async () => {
  const c = await openai().chat.completions.create({ model: MODEL, messages: [userMsg('who are you?')] });
  const answer = c.choices[0].message.content;
  assert.match(answer, /flightly-local/);
  assert.match(answer, /offline/i);
});

test('without a model the default model flightly-local answers', async () => {
  const res = await fetch(`${BASE_URL}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ messages: [userMsg('who are you?')] }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.model, MODEL);
  assert.match(body.choices[0].message.content, /flightly-local/);
});

test('application/json with a charset parameter is accepted', async () => {
  const res = await chat({ messages: [userMsg('who are you?')] }, { 'content-type': 'application/json; charset=utf-8' });
  assert.equal(res.status, 200, res.text);
});

test('a streamed completion yields deltas equal to the non-streamed answer', async () => {
  const client = openai();
  const whole = await client.chat.completions.create({ model: MODEL, messages: [userMsg(QUESTION)] });
  const stream = await client.chat.completions.create({ model: MODEL, messages: [userMsg(QUESTION)], stream: true });
  let content = '';
  let chunks = 0;
  let finish = null;
  let role = null;
  for await (const chunk of stream) {
    // The SDK ends this loop at `data: [DONE]`; a server that never sends it would hang the test.
    chunks += 1;
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunk.model, MODEL);
    const choice = chunk.choices[0];
    if (!choice) continue;
    role ??= choice.delta?.role ?? null;
    content += choice.delta?.content ?? '';
    finish = choice.finish_reason ?? finish;
  }
  assert.ok(chunks >= 2, `only ${chunks} chunk(s)`);
  assert.equal(role, 'assistant');
  assert.equal(finish, 'stop');
  assert.ok(content.length > 0, 'empty streamed content');
  assert.equal(content, whole.choices[0].message.content);
});

test('the SSE wire format: text/event-stream, data: lines, final data: [DONE]', async () => {
  const res = await fetch(`${BASE_URL}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ model: MODEL, messages: [userMsg(QUESTION)], stream: true }),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.ok(res.headers.get('x-request-id'), 'no X-Request-Id on a stream');
  const text = await res.text();
  const events = text.split(/\r?\n\r?\n/).map((e) => e.trim()).filter((e) => e !== '' && !e.startsWith(':'));
  const data = events.map((e) => {
    const lines = e.split(/\r?\n/).filter((l) => l.startsWith('data:'));
    assert.ok(lines.length > 0, `event without data: ${JSON.stringify(e)}`);
    return lines.map((l) => l.slice(5).trimStart()).join('\n');
  });
  assert.equal(data.at(-1), '[DONE]', `last event: ${data.at(-1)}`);
  assert.equal(data.filter((d) => d === '[DONE]').length, 1);
  const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
  assert.ok(chunks.length >= 2);
  const ids = new Set(chunks.map((c) => c.id));
  assert.equal(ids.size, 1, 'all chunks of one completion share its id');
  const content = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
  assert.ok(content.length > 0);
});

test('a stream with stream_options.include_usage ends with a usage chunk', async () => {
  const stream = await openai().chat.completions.create({
    model: MODEL,
    messages: [userMsg(QUESTION)],
    stream: true,
    stream_options: { include_usage: true },
  });
  let usage = null;
  for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
  assert.ok(usage, 'no chunk carried usage');
  assert.ok(usage.prompt_tokens > 0 && usage.completion_tokens > 0);
  assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
});

test('an unknown model is a 404 model_not_found through the openai client', async () => {
  await assert.rejects(
    openai().chat.completions.create({ model: 'no-such-model', messages: [userMsg('hi')] }),
    (err) => {
      assert.ok(err instanceof OpenAI.NotFoundError, `got ${err?.constructor?.name}: ${err?.message}`);
      assert.equal(err.status, 404);
      assert.equal(err.code, 'model_not_found');
      assert.equal(typeof err.error?.message, 'string');
      return true;
    },
  );
});

test('without a session a turn is stateless: no history is stored for the user', async () => {
  const user = uid('stateless');
  const c = await openai().chat.completions.create({ model: MODEL, messages: [userMsg(QUESTION)], user });
  assert.ok(c.choices[0].message.content.length > 0);
  await sleep(300); // give a (wrong) write-behind time to land
  const stored = valkey.keysMatching(`{u:${user}}:s:`);
  assert.deepEqual(stored, []);
  assert.equal(valkey.exists(keys.profile(user)), false, 'a chat turn must not create a profile');
});

test('a stateless follow-up has no memory of an earlier stateless turn', async () => {
  const user = uid('stateless2');
  answerOf(await chat({ messages: [userMsg(QUESTION)], user }));
  const follow = answerOf(await chat({ messages: [userMsg('what did I just ask?')], user }));
  assert.doesNotMatch(follow, /las vegas/i);
});
