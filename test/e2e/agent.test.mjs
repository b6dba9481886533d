// flightly-agent: the travel agent on the offline model. It plans Flightly's tool calls from the
// question, runs them server-side against the database, and answers from their results; the calls
// and their timings stream as chunks with "choices":[] and a "contrail" member (which the openai
// client passes through), and come back on the final body. Needs the seeded database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertApiError, chat, openai, request, uid, userMsg } from './lib/contrail.mjs';

const AGENT = 'flightly-agent';
const TRIP = 'plan a family trip from Las Vegas to Honolulu in March under $300 a person';

test('the agent is listed as a model', async () => {
  const res = await request('GET', `/v1/models/${AGENT}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.id, AGENT);
});

test('the seed talk\'s trip: real flights under $300 and the weather tool\'s climate, with the calls on the stream', async () => {
  const stream = await openai().chat.completions.create({
    model: AGENT,
    stream: true,
    messages: [userMsg(TRIP)],
  }, { headers: { 'x-user-id': uid('agent') } });
  const calls = [];
  const results = new Map();
  let text = '';
  let last;
  for await (const chunk of stream) {
    const event = chunk.contrail;
    if (event?.tool_call) calls.push(event.tool_call);
    if (event?.tool_result) results.set(event.tool_result.id, event.tool_result);
    text += chunk.choices[0]?.delta?.content ?? '';
    if (chunk.choices[0]?.finish_reason) last = chunk;
  }
  const names = calls.map((c) => c.name).sort();
  assert.ok(names.includes('search_flights') && names.includes('get_weather'), names.join());
  const flightsCall = calls.find((c) => c.name === 'search_flights');
  assert.deepEqual(JSON.parse(flightsCall.arguments), { origin: 'LAS', destination: 'HNL', passengers: 1, month: 3, max_price: 300 });
  assert.equal(results.size, calls.length, 'every call has its result event');
  for (const r of results.values()) {
    assert.equal(r.is_error, false, r.output);
    assert.equal(typeof r.ms, 'number');
  }
  // The flights are the database's: the first one the tool returned is quoted in the answer.
  const found = JSON.parse(results.get(flightsCall.id).output);
  assert.ok(found.flights.length > 0, 'no LAS→HNL flights in March under $300 in the seed');
  for (const f of found.flights) {
    assert.ok(f.fare_usd <= 300, JSON.stringify(f));
    assert.match(f.depart_date, /^\d{4}-03-/);
  }
  const first = found.flights[0];
  assert.ok(text.includes(`${first.flight_no} (${first.airline_name}) LAS→HNL on ${first.depart_date}`), text);
  // The weather is the tool's climate.
  const weather = JSON.parse(results.get(calls.find((c) => c.name === 'get_weather').id).output);
  assert.ok(text.includes(weather.in_brief) || text.includes(weather.typical), text);
  // The run's summary on the last chunk.
  assert.equal(last.choices[0].finish_reason, 'stop');
  assert.equal(last.contrail.agent.steps, 2);
  assert.equal(last.contrail.agent.tool_calls.length, calls.length);
});

test('the run comes back on the body, and Server-Timing has a tools stage', async () => {
  const res = await chat({ model: AGENT, messages: [userMsg('flights from LAX to Honolulu in March for 2 adults')] });
  assert.equal(res.status, 200, res.text);
  const agent = res.body.contrail.agent;
  assert.equal(agent.steps, 2);
  const flights = agent.tool_calls.find((t) => t.name === 'search_flights');
  assert.ok(flights, JSON.stringify(agent));
  assert.equal(JSON.parse(flights.arguments).passengers, 2);
  assert.equal(res.body.model, AGENT);
  assert.equal(res.headers.get('x-cache'), 'BYPASS');
  assert.match(res.headers.get('server-timing'), /llm;dur=[\d.]+, tools;dur=[\d.]+/);
});

test('"avoid United" leaves United out, by name, through the airlines table', async () => {
  const res = await chat({ model: AGENT, messages: [userMsg('flights from Las Vegas to Honolulu in March, avoid United')] });
  assert.equal(res.status, 200, res.text);
  const call = res.body.contrail.agent.tool_calls.find((t) => t.name === 'search_flights');
  assert.deepEqual(JSON.parse(call.arguments).exclude_airlines, ['United']);
  const found = JSON.parse(call.output).flights;
  assert.ok(found.length > 0);
  assert.ok(found.every((f) => f.airline !== 'UA'), JSON.stringify(found.map((f) => f.airline)));
});

test('a policy question needs no tools: one step, answered from the documents', async () => {
  const res = await chat({ model: AGENT, messages: [userMsg('can I bring my dog in the cabin?')] });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.contrail.agent.steps, 1);
  assert.deepEqual(res.body.contrail.agent.tool_calls, []);
  assert.equal(res.body.contrail.sources[0].document_id, 'policies/pets.md');
});

test('a client tool named like one of the agent\'s own is a 400 naming it', async () => {
  const res = await chat({
    model: AGENT,
    messages: [userMsg('hi')],
    tools: [{ type: 'function', function: { name: 'search_flights', parameters: { type: 'object' } } }],
  });
  const err = assertApiError(res, 400);
  assert.equal(err.param, 'tools[0].function.name');
});

test('a session with the agent stores the question and the final answer', async () => {
  const user = uid('agent');
  const session = uid('s');
  const res = await chat({ model: AGENT, messages: [userMsg('weather in Honolulu in March?')] },
    { 'x-user-id': user, 'x-session-id': session });
  assert.equal(res.status, 200, res.text);
  const names = res.body.contrail.agent.tool_calls.map((t) => t.name);
  assert.deepEqual(names, ['get_weather']);
  const follow = await chat({ model: AGENT, messages: [userMsg('and flights there from LAX?')] },
    { 'x-user-id': user, 'x-session-id': session });
  assert.equal(follow.status, 200, follow.text);
  const call = follow.body.contrail.agent.tool_calls.find((t) => t.name === 'search_flights');
  assert.ok(call, JSON.stringify(follow.body.contrail.agent));
  assert.equal(JSON.parse(call.arguments).destination, 'HNL');  // the session's place
});
