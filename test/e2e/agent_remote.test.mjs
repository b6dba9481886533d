// flightly-agent on a remote model: the agent's loop is the same for every provider. The provider
// here is a local scripted server speaking OpenAI's chat wire format; a second contrail runs the
// agent on it (agent.model) and shares the suite's Valkey and PostgreSQL. The model asks for two
// tools at once, contrail runs them and sends their results back as `tool` messages, and the
// model's answer is the reply; a model that never stops asking ends at the step limit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { authHeaders, startContrail, userMsg, weatherMcpConfig } from './lib/contrail.mjs';

const PLANNER = 'scripted-planner';
const LOOPER = 'scripted-looper';

const requests = [];

function completion(model, message, finish) {
  return {
    id: 'chatcmpl-scripted', object: 'chat.completion', created: 1, model,
    choices: [{ index: 0, message, finish_reason: finish }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

// The relay asks for wx_get_weather (a tool of an MCP server contrail is a client of) once it is
// offered, then answers with its result.
const RELAY = 'scripted-relay';

// The planner asks for the weather and flights, then answers quoting what the tools returned; the
// looper always asks for the weather again.
function answer(body) {
  const toolMessages = body.messages.filter((m) => m.role === 'tool');
  const ask = (calls) => completion(body.model, {
    role: 'assistant', content: null,
    tool_calls: calls.map(([id, name, args]) => ({ id, type: 'function', function: { name, arguments: JSON.stringify(args) } })),
  }, 'tool_calls');
  if (body.model === RELAY) {
    const result = toolMessages.find((m) => m.tool_call_id === 'call_wx');
    if (result) return completion(body.model, { role: 'assistant', content: `relayed: ${result.content}` }, 'stop');
    if (!body.tools?.some((t) => t.function.name === 'wx_get_weather')) {
      return completion(body.model, { role: 'assistant', content: 'not offered yet' }, 'stop');
    }
    return ask([['call_wx', 'wx_get_weather', { location: 'HNL', month: 3 }]]);
  }
  if (body.model === LOOPER && body.tools?.length) return ask([[`w${toolMessages.length}`, 'get_weather', { location: 'HNL', month: 3 }]]);
  if (toolMessages.length === 0 && body.tools?.length) {
    return ask([['call_w', 'get_weather', { location: 'HNL', month: 3 }],
      ['call_f', 'search_flights', { origin: 'LAX', destination: 'HNL', month: 3, passengers: 2 }]]);
  }
  const weather = JSON.parse(toolMessages.find((m) => m.tool_call_id === 'call_w')?.content ?? '{}');
  return completion(body.model, { role: 'assistant', content: `In March Honolulu is ${weather.in_brief ?? 'unknown'}.` }, 'stop');
}

const provider = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const parsed = JSON.parse(body);
    requests.push(parsed);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer(parsed)));
  });
});

let server;

before(async () => {
  await new Promise((resolve) => provider.listen(0, '127.0.0.1', resolve));
  server = await startContrail({
    CONTRAIL_OPENAI_BASE_URL: `http://127.0.0.1:${provider.address().port}/v1`,
    CONTRAIL_OPENAI_MODELS: `${PLANNER},${LOOPER}`,
    OPENAI_API_KEY: 'sk-e2e-agent',
    CONTRAIL_AGENT_MODEL: PLANNER,
    CONTRAIL_AGENT_MAX_STEPS: '3',
  });
});

after(async () => {
  await server?.stop();
  await new Promise((resolve) => provider.close(resolve));
});

async function post(body) {
  const res = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text), headers: res.headers };
}

test('a remote model plans two calls at once; contrail runs them and sends the results back', async () => {
  requests.length = 0;
  const res = await post({ model: 'flightly-agent', messages: [userMsg('weather and flights LAX to Honolulu in March?')] });
  assert.equal(res.status, 200, res.text);
  assert.equal(requests.length, 2);
  const [first, second] = requests;
  assert.equal(first.model, PLANNER);
  const offered = first.tools.map((t) => t.function.name).sort();
  assert.deepEqual(offered, ['booking_agent', 'get_profile', 'get_table_schema', 'get_weather', 'payment_agent', 'run_query',
    'search_flights', 'search_hotels', 'search_knowledge', 'support_agent']);
  assert.match(first.messages[0].content, /Flightly's travel agent/);
  // The second request holds the model's calls and a result for each, in its order.
  const asked = second.messages.find((m) => m.role === 'assistant' && m.tool_calls);
  assert.deepEqual(asked.tool_calls.map((c) => c.id), ['call_w', 'call_f']);
  const results = second.messages.filter((m) => m.role === 'tool');
  assert.deepEqual(results.map((m) => m.tool_call_id), ['call_w', 'call_f']);
  const flights = JSON.parse(results[1].content);
  assert.equal(flights.origin, 'LAX');
  assert.ok(Array.isArray(flights.flights));
  const weather = JSON.parse(results[0].content);
  assert.equal(res.body.choices[0].message.content, `In March Honolulu is ${weather.in_brief}.`);
  assert.deepEqual(res.body.contrail.agent.tool_calls.map((t) => t.name).sort(), ['get_weather', 'search_flights']);
  assert.equal(res.body.usage.prompt_tokens, 20, 'both steps are counted');
});

test('a model that keeps asking ends at the step limit with an answer from one call without tools', async () => {
  const looping = await startContrail({
    CONTRAIL_OPENAI_BASE_URL: `http://127.0.0.1:${provider.address().port}/v1`,
    CONTRAIL_OPENAI_MODELS: `${PLANNER},${LOOPER}`,
    OPENAI_API_KEY: 'sk-e2e-agent',
    CONTRAIL_AGENT_MODEL: LOOPER,
    CONTRAIL_AGENT_MAX_STEPS: '2',
  });
  try {
    requests.length = 0;
    const res = await fetch(`${looping.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify({ model: 'flightly-agent', messages: [userMsg('weather in Honolulu?')] }),
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(requests.length, 3);
    assert.equal(requests[2].tools, undefined, 'the last call offers no tools');
    assert.equal(body.contrail.agent.step_limit, true);
    assert.equal(body.contrail.agent.tool_calls.length, 2);
  } finally {
    await looping.stop();
  }
});

test('an agent calls the tools of an MCP server contrail is a client of; /mcp does not offer them', async () => {
  // The MCP server is contrail's own weather server on stdio, started by the contrail under test.
  const config = weatherMcpConfig([{ name: 'weather', lines: ['prefix = "wx_"', 'agents = ["flightly"]'] }]);
  const relaying = await startContrail({
    CONTRAIL_CONFIG: config,
    CONTRAIL_OPENAI_BASE_URL: `http://127.0.0.1:${provider.address().port}/v1`,
    CONTRAIL_OPENAI_MODELS: RELAY,
    OPENAI_API_KEY: 'sk-e2e-agent',
    CONTRAIL_AGENT_MODEL: RELAY,
  });
  try {
    const ask = async () => {
      const res = await fetch(`${relaying.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() },
        body: JSON.stringify({ model: 'flightly-agent', messages: [userMsg('weather in Honolulu in March?')] }),
      });
      return res.json();
    };
    // The server's tools join once it has listed them (a moment after start).
    let body;
    for (let i = 0; i < 50; i++) {
      body = await ask();
      if (body.choices?.[0]?.message?.content !== 'not offered yet') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const content = body.choices[0].message.content;
    assert.match(content, /^relayed: /, JSON.stringify(body));
    const weather = JSON.parse(content.slice('relayed: '.length));
    assert.equal(weather.location, 'Honolulu (HNL)');
    assert.equal(weather.month, 'March');
    assert.deepEqual(body.contrail.agent.tool_calls.map((t) => [t.name, t.is_error]), [['wx_get_weather', false]]);
    // /mcp lists contrail's own tools only.
    const rpc = async (message, session) => {
      const res = await fetch(`${relaying.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...authHeaders(),
          ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' } : {}) },
        body: JSON.stringify(message),
      });
      return { session: res.headers.get('mcp-session-id'), body: await res.json() };
    };
    const init = await rpc({ jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'e2e', version: '1' } } });
    const listed = await rpc({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, init.session);
    const names = listed.body.result.tools.map((t) => t.name);
    assert.ok(names.includes('get_weather') && !names.includes('wx_get_weather'), names.join());
    const called = await rpc({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'wx_get_weather', arguments: {} } },
      init.session);
    assert.equal(called.body.error.code, -32602);
  } finally {
    await relaying.stop();
    fs.rmSync(path.dirname(config), { recursive: true, force: true });
  }
});
