// The Responses API through the openai client: create, stream, a chain continued with
// previous_response_id (and forked), a function-calling round trip, retrieve, input items and
// delete; store: false keeps nothing; another user's response is 404 on every route.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import OpenAI from 'openai';
import { BASE_URL, MODEL, assertApiError, keys, openai, request, uid, valkey } from './lib/contrail.mjs';

const minted = {};
const alice = uid('resp-alice');
const bob = uid('resp-bob');

async function mint(user) {
  const res = await request('POST', '/v1/admin/keys', { json: { kind: 'user', user, name: 'e2e responses' } });
  assert.equal(res.status, 201, res.text);
  return res.body.key;
}
const clientFor = (who) => new OpenAI({ baseURL: `${BASE_URL}/v1`, apiKey: minted[who], maxRetries: 0, timeout: 30_000 });
const as = (who) => ({ authorization: `Bearer ${minted[who]}` });
const textOf = (response) => response.output.filter((i) => i.type === 'message').flatMap((i) => i.content).map((c) => c.text).join('');

before(async () => {
  minted.alice = await mint(alice);
  minted.bob = await mint(bob);
});

test('a response has OpenAI\'s shape, output text, usage, and is stored under its user', async () => {
  const client = clientFor('alice');
  const r = await client.responses.create({ model: MODEL, input: 'Is it warm in Maui in March?', instructions: 'Be brief.', metadata: { trip: 'maui' } });
  assert.equal(r.object, 'response');
  assert.equal(r.status, 'completed');
  assert.equal(r.model, MODEL);
  assert.equal(r.instructions, 'Be brief.');
  assert.deepEqual(r.metadata, { trip: 'maui' });
  assert.equal(r.store, true);
  assert.match(r.id, /^resp_/);
  assert.match(r.output_text, /maui/i);
  assert.equal(r.output[0].type, 'message');
  assert.equal(r.output[0].role, 'assistant');
  assert.ok(r.usage.input_tokens > 0 && r.usage.output_tokens > 0);
  assert.equal(r.usage.total_tokens, r.usage.input_tokens + r.usage.output_tokens);
  assert.ok(Array.isArray(r.contrail?.sources) && r.contrail.sources.length > 0, 'grounded answers carry their sources');
  const again = await client.responses.retrieve(r.id);
  assert.deepEqual(again.output, r.output);
  assert.equal(again.id, r.id);
  const items = await client.responses.inputItems.list(r.id);
  assert.equal(items.data.length, 1);
  assert.equal(items.data[0].role, 'user');
  assert.equal(items.data[0].content[0].text, 'Is it warm in Maui in March?');
  assert.equal(valkey.hexists(keys.responses(alice, r.id), r.id), true);
});

test('previous_response_id continues the conversation over several turns, as one session', async () => {
  const client = clientFor('alice');
  const first = await client.responses.create({ model: MODEL, input: 'flights from Denver to Maui in March' });
  assert.match(first.output_text, /OGG|maui/i);
  const second = await client.responses.create({ model: MODEL, input: 'and hotels there?', previous_response_id: first.id });
  assert.equal(second.previous_response_id, first.id);
  assert.match(second.output_text, /maui/i, 'the follow-up is about the place of the first turn');
  const third = await client.responses.create({ model: MODEL, input: 'what did I ask first?', previous_response_id: second.id });
  assert.match(third.output_text, /Denver to Maui/i);
  // The chain is one session of the user's: its history holds the three turns in order.
  const session = third.id.replace(/^resp_[0-9a-f]{16}_/, '');
  const history = await request('GET', `/v1/sessions/${session}/messages`, { headers: as('alice') });
  assert.equal(history.status, 200, history.text);
  assert.deepEqual(history.body.data.filter((m) => m.role === 'user').map((m) => m.content),
    ['flights from Denver to Maui in March', 'and hotels there?', 'what did I ask first?']);
});

test('continuing an earlier response forks the chain: it sees that response\'s history, not what came after', async () => {
  const client = clientFor('alice');
  const first = await client.responses.create({ model: MODEL, input: 'flights from Denver to Maui in March' });
  const main = await client.responses.create({ model: MODEL, input: 'actually, make it Tokyo', previous_response_id: first.id });
  const fork = await client.responses.create({ model: MODEL, input: 'what about in May?', previous_response_id: first.id });
  assert.match(fork.output_text, /maui|OGG/i);
  assert.doesNotMatch(fork.output_text, /tokyo/i);
  const next = await client.responses.create({ model: MODEL, input: 'what did I ask first?', previous_response_id: fork.id });
  assert.match(next.output_text, /Denver to Maui/i);
  assert.notEqual(fork.id.replace(/^resp_[0-9a-f]{16}_/, ''), main.id.replace(/^resp_[0-9a-f]{16}_/, ''), 'the fork has its own session');
});

test('continuations of one response sent at once each keep their own history', async () => {
  const client = clientFor('alice');
  const first = await client.responses.create({ model: MODEL, input: 'flights from Denver to Maui in March' });
  // Both are the chain's second response: each seeds a session with the first one's history, and
  // only one may seed the chain's own; the other is continued from its records.
  const questions = ['and hotels there?', 'can I bring my dog?', 'what is the baggage allowance?', 'what about in May?'];
  const forks = await Promise.all(questions.map((input) =>
    client.responses.create({ model: MODEL, input, previous_response_id: first.id })));
  for (const [i, fork] of forks.entries()) {
    const next = await client.responses.create({ model: MODEL, input: 'what did I just ask?', previous_response_id: fork.id });
    assert.match(next.output_text, new RegExp(questions[i].replace(/[?]/g, '\\?'), 'i'), `fork ${i}: ${next.output_text}`);
    for (const [j, other] of questions.entries()) {
      if (j !== i) assert.doesNotMatch(next.output_text, new RegExp(other.replace(/[?]/g, '\\?'), 'i'), `fork ${i} sees fork ${j}`);
    }
    const history = await request('GET', `/v1/sessions/${next.id.replace(/^resp_[0-9a-f]{16}_/, '')}/messages`, { headers: as('alice') });
    assert.equal(history.status, 200, history.text);
    assert.deepEqual(history.body.data.filter((m) => m.role === 'user').map((m) => m.content),
      ['flights from Denver to Maui in March', questions[i], 'what did I just ask?'], `fork ${i}'s session`);
  }
});

test('a streamed response sends the typed events in order, numbered, and ends completed', async () => {
  const client = clientFor('alice');
  const stream = client.responses.stream({ model: MODEL, input: 'What is the baggage allowance?' });
  const types = [];
  const sequence = [];
  let deltas = '';
  for await (const event of stream) {
    types.push(event.type);
    sequence.push(event.sequence_number);
    if (event.type === 'response.output_text.delta') deltas += event.delta;
  }
  const final = await stream.finalResponse();
  assert.deepEqual(sequence, sequence.map((_, i) => i), 'sequence numbers count up from 0');
  assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
  assert.deepEqual(types.slice(-4), ['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
  assert.ok(types.filter((t) => t === 'response.output_text.delta').length >= 1);
  assert.equal(final.status, 'completed');
  assert.equal(final.output_text, deltas);
  assert.match(final.output_text, /bag/i);
  const stored = await client.responses.retrieve(final.id);
  assert.equal(stored.output_text, final.output_text);
});

test('a function tool call goes to the client, and its output continues the response', async () => {
  const client = clientFor('alice');
  const tools = [{
    type: 'function', name: 'get_weather', description: 'Typical weather at a place in a month',
    parameters: { type: 'object', properties: { location: { type: 'string' }, month: { type: 'integer' } }, required: ['location'] },
  }];
  const asked = await client.responses.create({ model: MODEL, input: 'What is the weather like in Maui in March?', tools });
  const calls = asked.output.filter((i) => i.type === 'function_call');
  assert.equal(calls.length, 1, JSON.stringify(asked.output));
  assert.equal(calls[0].name, 'get_weather');
  assert.match(calls[0].call_id, /.+/);
  assert.equal(JSON.parse(calls[0].arguments).location, 'OGG');
  const answered = await client.responses.create({
    model: MODEL, tools, previous_response_id: asked.id,
    input: [{ type: 'function_call_output', call_id: calls[0].call_id, output: JSON.stringify({ location: 'OGG', month: 3, summary: 'sunny, 27 C' }) }],
  });
  assert.equal(answered.output.filter((i) => i.type === 'function_call').length, 0);
  assert.match(answered.output_text, /27|sunny|warm/i);
  // Streamed, the call comes as its own item with its argument events.
  const stream = client.responses.stream({ model: MODEL, input: 'What is the weather like in Maui in March?', tools });
  const types = [];
  for await (const event of stream) types.push(event.type);
  assert.ok(types.includes('response.function_call_arguments.delta'));
  assert.ok(types.includes('response.function_call_arguments.done'));
  const final = await stream.finalResponse();
  assert.equal(final.output.filter((i) => i.type === 'function_call').length, 1);
});

test('store: false keeps nothing: no record, and it cannot be retrieved or continued', async () => {
  const client = clientFor('alice');
  const r = await client.responses.create({ model: MODEL, input: 'flights from Denver to Maui', store: false });
  assert.equal(r.store, false);
  assert.equal(valkey.hexists(keys.responses(alice, r.id), r.id), false);
  await assert.rejects(client.responses.retrieve(r.id), (e) => e.status === 404);
  await assert.rejects(client.responses.create({ model: MODEL, input: 'and hotels?', previous_response_id: r.id }), (e) => e.status === 404);
});

test('a key that names no user stores nothing, and continuing says to name one', async () => {
  // The admin key of ./scripts/run, as a newcomer's first client holds it: no user is named.
  const r = await openai().responses.create({ model: MODEL, input: 'flights from Denver to Maui' });
  assert.equal(r.store, false);
  await assert.rejects(openai().responses.create({ model: MODEL, input: 'and hotels?', previous_response_id: r.id }),
    (e) => e.status === 404 && /give `user`/.test(e.message));
  // Named, the same key stores and continues.
  const user = uid('resp-named');
  const named = await openai().responses.create({ model: MODEL, input: 'flights from Denver to Maui', user });
  assert.equal(named.store, true);
  const next = await openai().responses.create({
    model: MODEL, input: 'and hotels?', previous_response_id: named.id, user,
  });
  assert.equal(next.previous_response_id, named.id);
});

test('delete removes a response; retrieving it then is 404', async () => {
  const client = clientFor('alice');
  const r = await client.responses.create({ model: MODEL, input: 'hello' });
  await client.responses.delete(r.id);
  await assert.rejects(client.responses.retrieve(r.id), (e) => e.status === 404);
  await assert.rejects(client.responses.delete(r.id), (e) => e.status === 404);
  // The last response of a chain, deleted, cannot be continued; the one before it still can.
  const first = await client.responses.create({ model: MODEL, input: 'flights from Denver to Maui in March' });
  const second = await client.responses.create({ model: MODEL, input: 'and hotels there?', previous_response_id: first.id });
  const third = await client.responses.create({ model: MODEL, input: 'what about May?', previous_response_id: second.id });
  await client.responses.delete(third.id);
  await assert.rejects(client.responses.create({ model: MODEL, input: 'and June?', previous_response_id: third.id }),
    (e) => e.status === 404);
  const fork = await client.responses.create({ model: MODEL, input: 'what did I ask first?', previous_response_id: second.id });
  assert.match(fork.output_text, /Denver to Maui/i);
});

test('a response stored by an older version under a key of its own is still read, continued and deleted', async () => {
  const client = clientFor('alice');
  const first = await client.responses.create({ model: MODEL, input: 'flights from Denver to Maui in March' });
  // As contrail kept records until 2026-12-07: {u:ID}:resp:RESPONSE_ID, the same compact value.
  const record = valkey.hget(keys.responses(alice, first.id), first.id);
  valkey.set(`{u:${alice}}:resp:${first.id}`, record);
  valkey.hdel(keys.responses(alice, first.id), first.id);
  const again = await client.responses.retrieve(first.id);
  assert.deepEqual([again.id, again.created_at, again.output], [first.id, first.created_at, first.output]);
  const items = await client.responses.inputItems.list(first.id);
  assert.equal(items.data[0].content[0].text, 'flights from Denver to Maui in March');
  const second = await client.responses.create({ model: MODEL, input: 'and hotels there?', previous_response_id: first.id });
  assert.match(second.output_text, /maui/i, 'the chain is rebuilt from the old record');
  await client.responses.delete(first.id);
  assert.equal(valkey.exists(`{u:${alice}}:resp:${first.id}`), false);
  await assert.rejects(client.responses.retrieve(first.id), (e) => e.status === 404);
});

test('another user\'s response is 404 on every route, and cannot be continued', async () => {
  const r = await clientFor('alice').responses.create({ model: MODEL, input: 'my email is alice@example.com' });
  const before = valkey.hget(keys.responses(alice, r.id), r.id);
  const bobClient = clientFor('bob');
  await assert.rejects(bobClient.responses.retrieve(r.id), (e) => e.status === 404);
  await assert.rejects(bobClient.responses.inputItems.list(r.id), (e) => e.status === 404);
  await assert.rejects(bobClient.responses.delete(r.id), (e) => e.status === 404);
  await assert.rejects(bobClient.responses.create({ model: MODEL, input: 'what is my email?', previous_response_id: r.id }),
    (e) => e.status === 404);
  // Naming alice with bob's key is refused outright.
  assertApiError(await request('GET', `/v1/responses/${r.id}?user=${alice}`, { headers: as('bob') }), 403);
  assertApiError(await request('POST', '/v1/responses', { json: { model: MODEL, input: 'hi', user: alice }, headers: as('bob') }), 403);
  assert.deepEqual(valkey.hget(keys.responses(alice, r.id), r.id), before, 'nothing of alice\'s changed');
});

test('malformed requests are 400s in OpenAI\'s shape, naming the field', async () => {
  const cases = [
    [{ model: MODEL }, 'input'],
    [{ model: MODEL, input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'x' }] }] }, 'input[0].content'],
    [{ model: MODEL, input: 'x', tools: [{ type: 'web_search' }] }, 'tools[0].type'],
    [{ model: MODEL, input: 'x', temperature: 9 }, 'temperature'],
  ];
  for (const [json, param] of cases) {
    const res = await request('POST', '/v1/responses', { json, headers: as('alice') });
    assertApiError(res, 400);
    assert.equal(res.body.error.param, param);
  }
  assertApiError(await request('POST', '/v1/responses', { json: { model: 'nope', input: 'x' }, headers: as('alice') }), 404);
  assertApiError(await request('GET', '/v1/responses/not-a-response', { headers: as('alice') }), 404);
});

test('a conversation holds its items and is the context of the responses in it', async () => {
  const client = clientFor('alice');
  const conversation = await client.conversations.create({
    metadata: { topic: 'maui' },
    items: [{ type: 'message', role: 'user', content: 'We are planning a trip from Denver to Maui in March.' }],
  });
  assert.match(conversation.id, /^conv_[0-9a-f]{24}$/);
  assert.equal(conversation.object, 'conversation');
  assert.deepEqual(conversation.metadata, { topic: 'maui' });
  const first = await client.responses.create({ model: MODEL, conversation: conversation.id, input: 'and hotels there?' });
  assert.match(first.output_text, /maui/i, 'the conversation\'s first item is its context');
  const second = await client.responses.create({ model: MODEL, conversation: { id: conversation.id }, input: 'what did I ask first?' });
  assert.match(second.output_text, /Denver to Maui/i);
  const items = await client.conversations.items.list(conversation.id, { order: 'asc' });
  assert.deepEqual(items.data.map((i) => `${i.type}:${i.role}`),
    ['message:user', 'message:user', 'message:assistant', 'message:user', 'message:assistant']);
  assert.equal(items.data[1].content[0].text, 'and hotels there?');
  assert.equal(items.data[4].content[0].text, second.output_text);
  const page = await client.conversations.items.list(conversation.id, { limit: 2 });
  assert.equal(page.data.length, 2);
  assert.equal(page.has_more, true);
  assert.equal(page.data[0].content[0].text, second.output_text, 'newest first by default');
  assert.equal((await client.conversations.retrieve(conversation.id)).id, conversation.id);
  // Another user cannot see, use or delete it.
  const bobClient = clientFor('bob');
  await assert.rejects(bobClient.conversations.retrieve(conversation.id), (e) => e.status === 404);
  await assert.rejects(bobClient.conversations.items.list(conversation.id), (e) => e.status === 404);
  await assert.rejects(bobClient.responses.create({ model: MODEL, conversation: conversation.id, input: 'hi' }), (e) => e.status === 404);
  await assert.rejects(bobClient.conversations.delete(conversation.id), (e) => e.status === 404);
  // Deleted, it is gone with its history.
  const deleted = await client.conversations.delete(conversation.id);
  assert.equal(deleted.deleted, true);
  await assert.rejects(client.conversations.retrieve(conversation.id), (e) => e.status === 404);
  await assert.rejects(client.responses.create({ model: MODEL, conversation: conversation.id, input: 'hi' }), (e) => e.status === 404);
  assert.equal(valkey.exists(`{u:${alice}}:s:${conversation.id}:msgs`), false);
  // Both at once is refused.
  assertApiError(await request('POST', '/v1/responses', {
    json: { model: MODEL, input: 'x', conversation: conversation.id, previous_response_id: first.id }, headers: as('alice'),
  }), 400);
});

test('with the Flightly agent as the model, its own tools run server-side and the answer quotes them', async () => {
  const client = clientFor('alice');
  const r = await client.responses.create({
    model: 'flightly-agent',
    input: 'plan a family trip from Las Vegas to Honolulu in March under $300 a person',
  });
  assert.equal(r.output.filter((i) => i.type === 'function_call').length, 0, 'the agent\'s tools are not the client\'s');
  const calls = r.contrail.agent.tool_calls;
  const flights = calls.find((c) => c.name === 'search_flights');
  assert.ok(flights, JSON.stringify(calls.map((c) => c.name)));
  assert.equal(JSON.parse(flights.arguments).destination, 'HNL');
  const found = JSON.parse(flights.output).flights;
  assert.ok(found.length > 0);
  assert.ok(r.output_text.includes(found[0].flight_no), r.output_text);
  // Its calls are also output items: contrail's own tools, as its MCP server serves them.
  const items = r.output.filter((i) => i.type === 'mcp_call');
  assert.deepEqual(items.map((i) => i.name).sort(), calls.map((c) => c.name).sort());
  assert.ok(items.every((i) => i.server_label === 'contrail' && i.status === 'completed'));
  assert.equal(r.output.at(-1).type, 'message');
});
