// MCP tools on the Responses API, through the openai client: a request names an MCP server of
// contrail's configuration ({type: "mcp", server_label}), the offline model calls its tool, and
// contrail runs the call server-side — mcp_list_tools and mcp_call items, the answer from the
// tool's output. Calls wait for approval unless require_approval says never; the approval (or a
// refusal) continues the response. A URL or a server the configuration does not open is a 400:
// a request cannot make contrail call an address of its choosing.
//
// The MCP server is contrail's own weather server on stdio (`contrail mcp --tools weather`),
// started by a second contrail that shares the suite's Valkey and PostgreSQL.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { API_KEY, MODEL, assertApiError, request, startContrail, uid, weatherMcpConfig } from './lib/contrail.mjs';

const WEATHER = { type: 'mcp', server_label: 'weather' };
const QUESTION = 'What is the weather like in Honolulu in March?';
let server;
let client;
let config;
const user = uid('resp-mcp');

// A remote model (a local server speaking OpenAI's streamed chat wire format) that writes before
// it calls, as Claude and GPT models often do: "Let me check…", then get_weather; once the tool's
// result is in the conversation, the answer.
const WRITER = 'scripted-writer';
const chunk = (delta, finish = null) => `data: ${JSON.stringify({
  id: 'chatcmpl-w', object: 'chat.completion.chunk', created: 1, model: WRITER,
  choices: [{ index: 0, delta, finish_reason: finish }],
})}\n\n`;
const provider = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const answered = JSON.parse(body).messages.some((m) => m.role === 'tool');
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (answered) {
      res.write(chunk({ role: 'assistant', content: 'It is sunny ' }));
      res.write(chunk({ content: 'in Honolulu.' }, 'stop'));
    } else {
      res.write(chunk({ role: 'assistant', content: 'Let me check ' }));
      res.write(chunk({ content: 'the weather.' }));
      res.write(chunk({ tool_calls: [{ index: 0, id: 'call_w1', type: 'function',
        function: { name: 'get_weather', arguments: '{"location":"Honolulu"}' } }] }, 'tool_calls'));
    }
    res.end('data: [DONE]\n\n');
  });
});

before(async () => {
  config = weatherMcpConfig([
    { name: 'weather', lines: ['prefix = "wx_"', 'responses = true'] },
    { name: 'internal', lines: ['prefix = "in_"', 'agents = ["flightly"]'] },
  ]);
  await new Promise((resolve) => provider.listen(0, '127.0.0.1', resolve));
  server = await startContrail({
    CONTRAIL_CONFIG: config,
    CONTRAIL_OPENAI_BASE_URL: `http://127.0.0.1:${provider.address().port}/v1`,
    CONTRAIL_OPENAI_MODELS: WRITER,
    OPENAI_API_KEY: 'sk-e2e-writer',
  });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: API_KEY, maxRetries: 0, timeout: 30_000 });
});

after(async () => {
  await server?.stop();
  await new Promise((resolve) => provider.close(resolve));
  if (config) fs.rmSync(path.dirname(config), { recursive: true, force: true });
});

const ofType = (r, type) => r.output.filter((i) => i.type === type);

test('an MCP tool runs server-side: its tools are listed, the call and its output are items, the answer uses it', async () => {
  const r = await client.responses.create({ model: MODEL, input: QUESTION, user, tools: [{ ...WEATHER, require_approval: 'never' }] });
  assert.equal(r.status, 'completed');
  assert.deepEqual(r.output.map((i) => i.type), ['mcp_list_tools', 'mcp_call', 'message']);
  const [listed] = ofType(r, 'mcp_list_tools');
  assert.equal(listed.server_label, 'weather');
  assert.deepEqual(listed.tools.map((t) => t.name), ['get_weather'], 'the server\'s own names, not the prefixed ones');
  assert.equal(listed.tools[0].input_schema.type, 'object');
  const [call] = ofType(r, 'mcp_call');
  assert.equal(call.server_label, 'weather');
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.arguments), { location: 'HNL', month: 3 });
  assert.equal(call.error, null);
  const weather = JSON.parse(call.output);
  assert.equal(weather.location, 'Honolulu (HNL)');
  assert.ok(r.output_text.includes(weather.typical), r.output_text);
  // Stored like any response: retrieving it gives the same items.
  const again = await client.responses.retrieve(r.id, { user });
  assert.deepEqual(again.output.map((i) => i.id), r.output.map((i) => i.id));
});

test('by default a call waits for approval; approving it runs it first in the response that continues', async () => {
  const asked = await client.responses.create({ model: MODEL, input: QUESTION, user, tools: [WEATHER] });
  assert.deepEqual(asked.output.map((i) => i.type), ['mcp_list_tools', 'mcp_approval_request']);
  const [held] = ofType(asked, 'mcp_approval_request');
  assert.equal(held.server_label, 'weather');
  assert.equal(held.name, 'get_weather');
  assert.match(held.id, /^mcpr_/);

  const approved = await client.responses.create({
    model: MODEL, user, tools: [WEATHER], previous_response_id: asked.id,
    input: [{ type: 'mcp_approval_response', approval_request_id: held.id, approve: true }],
  });
  const [call] = ofType(approved, 'mcp_call');
  assert.equal(call.approval_request_id, held.id);
  assert.equal(call.arguments, held.arguments);
  assert.ok(approved.output_text.includes(JSON.parse(call.output).typical), approved.output_text);
  const items = await client.responses.inputItems.list(approved.id, { user });
  assert.equal(items.data[0].type, 'mcp_approval_response');

  // Declined (a fork of the same response): nothing runs, and the answer says it could not check.
  const declined = await client.responses.create({
    model: MODEL, user, tools: [WEATHER], previous_response_id: asked.id,
    input: [{ type: 'mcp_approval_response', approval_request_id: held.id, approve: false }],
  });
  assert.equal(ofType(declined, 'mcp_call').length, 0);
  assert.match(declined.output_text, /could not check get_weather: not run/);
});

test('require_approval by tool name, and allowed_tools that leave nothing to call', async () => {
  const never = await client.responses.create({
    model: MODEL, input: QUESTION, user, tools: [{ ...WEATHER, require_approval: { never: { tool_names: ['get_weather'] } } }],
  });
  assert.equal(ofType(never, 'mcp_call').length, 1);
  const none = await client.responses.create({
    model: MODEL, input: QUESTION, user, tools: [{ ...WEATHER, allowed_tools: ['get_forecast'], require_approval: 'never' }],
  });
  assert.deepEqual(ofType(none, 'mcp_list_tools')[0].tools, []);
  assert.equal(ofType(none, 'mcp_call').length, 0);
  assert.match(none.output_text, /Honolulu/);
});

test('streamed: the MCP items are added, run and done in order, with the output indexes of the final response', async () => {
  const stream = client.responses.stream({ model: MODEL, input: QUESTION, user, tools: [{ ...WEATHER, require_approval: 'never' }] });
  const events = [];
  for await (const event of stream) events.push(event);
  const final = await stream.finalResponse();
  const types = events.map((e) => e.type);
  const order = ['response.created', 'response.mcp_list_tools.completed', 'response.mcp_call.in_progress',
    'response.mcp_call_arguments.done', 'response.mcp_call.completed', 'response.output_text.delta', 'response.completed'];
  let at = -1;
  for (const type of order) {
    const next = types.indexOf(type, at + 1);
    assert.ok(next > at, `${type} after the events before it: ${types.join(' ')}`);
    at = next;
  }
  assert.deepEqual(events.map((e) => e.sequence_number), events.map((_, i) => i));
  for (const added of events.filter((e) => e.type === 'response.output_item.added')) {
    assert.equal(final.output[added.output_index].type, added.item.type);
    assert.equal(final.output[added.output_index].id ?? null, added.item.id ?? null);
  }
});

test('streamed from a model that writes before it calls: that text is its own message, before the call, in the stream and the response', async () => {
  const stream = client.responses.stream({ model: WRITER, input: QUESTION, user, tools: [{ ...WEATHER, require_approval: 'never' }] });
  const events = [];
  for await (const event of stream) events.push(event);
  const final = await stream.finalResponse();
  assert.deepEqual(final.output.map((i) => i.type), ['mcp_list_tools', 'message', 'mcp_call', 'message']);
  assert.equal(final.output[1].content[0].text, 'Let me check the weather.');
  assert.equal(final.output[2].name, 'get_weather');
  assert.equal(final.output[3].content[0].text, 'It is sunny in Honolulu.');
  assert.equal(final.output_text.endsWith('It is sunny in Honolulu.'), true, final.output_text);
  for (const added of events.filter((e) => e.type === 'response.output_item.added')) {
    assert.equal(final.output[added.output_index].id, added.item.id, `item ${added.output_index}`);
  }
  // Each message's deltas make its text, and its done events come before the next item's.
  for (const [index, item] of final.output.entries()) {
    if (item.type !== 'message') continue;
    const deltas = events.filter((e) => e.type === 'response.output_text.delta' && e.item_id === item.id);
    assert.equal(deltas.map((e) => e.delta).join(''), item.content[0].text);
    const done = events.findIndex((e) => e.type === 'response.output_item.done' && e.output_index === index);
    const next = events.findIndex((e) => e.type === 'response.output_item.added' && e.output_index === index + 1);
    assert.ok(done >= 0 && (next < 0 || done < next), `message ${index} is done before item ${index + 1} is added`);
  }
  // Stored as streamed (the client's stream helper adds `parsed` to the text parts it returns).
  const stored = await client.responses.retrieve(final.id, { user });
  assert.deepEqual(stored.output, JSON.parse(JSON.stringify(final.output, (k, v) => (k === 'parsed' ? undefined : v))));
});

test('streamed with the default approval: the held call is an mcp_approval_request item, added and done', async () => {
  const stream = client.responses.stream({ model: MODEL, input: QUESTION, user, tools: [WEATHER] });
  const added = [];
  for await (const event of stream) if (event.type === 'response.output_item.added') added.push(event);
  const final = await stream.finalResponse();
  assert.deepEqual(added.map((e) => e.item.type), ['mcp_list_tools', 'mcp_approval_request']);
  assert.deepEqual(final.output.map((i) => i.type), ['mcp_list_tools', 'mcp_approval_request']);
  assert.equal(final.output[1].id, added[1].item.id);
  assert.equal(ofType(final, 'mcp_call').length, 0, 'nothing ran');
});

test('only servers the configuration opens to Responses requests: another URL, label or credentials are 400s', async () => {
  const refused = async (tool, param) => {
    const res = await request('POST', `${server.url}/v1/responses`, { json: { model: MODEL, input: QUESTION, user, tools: [tool] } });
    assert.equal(assertApiError(res, 400).param, param);
    return res;
  };
  const url = await refused({ type: 'mcp', server_label: 'x', server_url: 'http://169.254.169.254/mcp' }, 'tools[0].server_url');
  assert.match(url.body.error.message, /only the MCP servers/);
  const internal = await refused({ type: 'mcp', server_label: 'internal' }, 'tools[0].server_label');
  assert.match(internal.body.error.message, /\(those that are: weather\)$/, 'a server not open to them is not named');
  await refused({ type: 'mcp', server_label: 'weather', headers: { Authorization: 'Bearer x' } }, 'tools[0].headers');
  await refused({ type: 'mcp', server_label: 'weather', require_approval: 'sometimes' }, 'tools[0].require_approval');
  // An approval needs the response that asked for it.
  const orphan = await request('POST', `${server.url}/v1/responses`, {
    json: { model: MODEL, user, tools: [WEATHER], input: [{ type: 'mcp_approval_response', approval_request_id: 'mcpr_call_1', approve: true }] },
  });
  assert.equal(assertApiError(orphan, 400).param, 'input[0].approval_request_id');
});

test('another user cannot approve (or continue) a held call of someone else\'s response', async () => {
  const asked = await client.responses.create({ model: MODEL, input: QUESTION, user, tools: [WEATHER] });
  const [held] = ofType(asked, 'mcp_approval_request');
  const res = await request('POST', `${server.url}/v1/responses`, {
    json: { model: MODEL, user: uid('resp-mcp-other'), tools: [WEATHER], previous_response_id: asked.id,
      input: [{ type: 'mcp_approval_response', approval_request_id: held.id, approve: true }] },
  });
  assert.equal(assertApiError(res, 404).param, 'previous_response_id');
});
