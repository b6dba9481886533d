// Tool calling in the OpenAI request shape: tools and tool_choice are accepted and checked, tool
// results are accepted as a session turn, and malformed tool fields are 400s that store nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MODEL, assertApiError, chat, eventually, openai, storedHistory, uid, userMsg } from './lib/contrail.mjs';

const TOOLS = [{
  type: 'function',
  function: {
    name: 'search_flights',
    description: 'Search flights between two airports',
    parameters: { type: 'object', properties: { origin: { type: 'string' }, destination: { type: 'string' } } },
  },
}];

test('a request with tools is answered through the openai client', async () => {
  const c = await openai().chat.completions.create({ model: MODEL, messages: [userMsg('flights from LAX to Honolulu?')], tools: TOOLS, tool_choice: 'auto' });
  assert.equal(c.choices[0].message.role, 'assistant');
  assert.ok(['stop', 'tool_calls'].includes(c.choices[0].finish_reason));
  assert.equal(typeof c.usage.cost_usd, 'number');
});

test('a tool result continues a session, and the call and result are stored in order', async () => {
  const user = uid('tools');
  const session = uid('s');
  const headers = { 'x-user-id': user, 'x-session-id': session };
  const first = await chat({ messages: [userMsg('find flights from LAX to HNL')], tools: TOOLS }, headers);
  assert.equal(first.status, 200, first.text);
  const res = await chat({
    messages: [
      userMsg('find flights from LAX to HNL'),
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search_flights', arguments: '{"origin":"LAX","destination":"HNL"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"fares":[279,301]}' },
    ],
    tools: TOOLS,
  }, headers);
  assert.equal(res.status, 200, res.text);
  const stored = await eventually(() => {
    const h = storedHistory(user, session);
    return h.length >= 4 ? h : null;
  });
  assert.ok(stored, 'history not stored');
  assert.deepEqual(stored.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant']);
  assert.equal(stored[2].tool_call_id, 'call_1');
});

test('malformed tool fields are 400s naming the field', async () => {
  const user = uid('badtools');
  const cases = [
    [{ tools: [{ type: 'function', function: { name: 'has space' } }] }, 'tools[0].function.name'],
    [{ tools: { not: 'an array' } }, 'tools'],
    [{ tools: TOOLS, tool_choice: { type: 'function', function: { name: 'nope' } } }, 'tool_choice'],
    [{ messages: [userMsg('x'), { role: 'tool', content: '1' }] }, 'messages[1].tool_call_id'],
  ];
  for (const [extra, param] of cases) {
    const res = await chat({ messages: [userMsg('hi')], ...extra }, { 'x-user-id': user, 'x-session-id': uid('s') });
    const err = assertApiError(res, 400);
    assert.equal(err.param, param);
  }
});
