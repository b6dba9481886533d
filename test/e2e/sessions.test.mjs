// Sessions: the server owns the history. It keeps each turn in Valkey ({u:USER}:s:SESSION:msgs),
// answers follow-ups from it, serves it at /v1/sessions/{sid}/messages, and never stores a turn twice
// when a client resends the whole conversation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MODEL, answerOf, chat, historyOfLength, keys, openai, request, sleep, storedHistory, uid, userMsg, valkey,
} from './lib/contrail.mjs';

const Q1 = 'can I book a flight from Las Vegas to Hawaii?';
const Q2 = 'and hotels there?';

// Session identity through headers, the way an unchanged OpenAI client adds them.
function sessionClient(user, session) {
  return openai({ defaultHeaders: { 'X-User-Id': user, 'X-Session-Id': session } });
}

test('two turns in a session: the follow-up is answered from the first turn (headers)', async () => {
  const user = uid('s2h');
  const session = uid('sid');
  const client = sessionClient(user, session);
  const a1 = await client.chat.completions.create({ model: MODEL, messages: [userMsg(Q1)] });
  assert.ok(a1.choices[0].message.content.length > 0);
  // Only the new turn is sent: the server supplies the history.
  const a2 = await client.chat.completions.create({ model: MODEL, messages: [userMsg(Q2)] });
  assert.match(a2.choices[0].message.content, /honolulu|hawaii/i);
});

test('the same follow-up in a fresh session does not know where "there" is', async () => {
  const user = uid('s2ctl');
  const answer = answerOf(await chat({ messages: [userMsg(Q2)] }, { 'X-User-Id': user, 'X-Session-Id': uid('sid') }));
  assert.doesNotMatch(answer, /honolulu|hawaii/i);
});

test('two turns in a session named by the user field and metadata.session_id', async () => {
  const user = uid('s2m');
  const session = uid('sid');
  const client = openai();
  const body = (content) => ({ model: MODEL, messages: [userMsg(content)], user, metadata: { session_id: session } });
  await client.chat.completions.create(body(Q1));
  const a2 = await client.chat.completions.create(body(Q2));
  assert.match(a2.choices[0].message.content, /honolulu|hawaii/i);
  const history = await historyOfLength(user, session, 4);
  assert.equal(history.length, 4);
});

test('history is stored in order in Valkey as {role, content, ts} and served by GET messages', async () => {
  const user = uid('hist');
  const session = uid('sid');
  const headers = { 'X-User-Id': user, 'X-Session-Id': session };
  const a1 = answerOf(await chat({ messages: [userMsg(Q1)] }, headers));
  const a2 = answerOf(await chat({ messages: [userMsg(Q2)] }, headers));

  assert.equal(valkey.type(keys.msgs(user, session)), 'list');
  const stored = await historyOfLength(user, session, 4);
  assert.deepEqual(stored.map((m) => [m.role, m.content]), [
    ['user', Q1],
    ['assistant', a1],
    ['user', Q2],
    ['assistant', a2],
  ]);
  for (const m of stored) {
    assert.ok(typeof m.ts === 'number' || typeof m.ts === 'string', `ts missing in ${JSON.stringify(m)}`);
  }
  const ts = stored.map((m) => (typeof m.ts === 'number' ? m.ts : Date.parse(m.ts)));
  for (let i = 1; i < ts.length; i++) assert.ok(ts[i] >= ts[i - 1], `ts not in order: ${ts}`);

  const res = await request('GET', `/v1/sessions/${session}/messages?user=${user}`);
  assert.equal(res.status, 200, res.text);
  assert.ok(Array.isArray(res.body?.data), res.text);
  assert.deepEqual(res.body.data.map((m) => [m.role, m.content]), stored.map((m) => [m.role, m.content]));
});

test('a client resending the whole conversation does not duplicate the history', async () => {
  const user = uid('resend');
  const session = uid('sid');
  const client = sessionClient(user, session);
  // What an unchanged OpenAI client does: keep the conversation and send all of it every turn.
  const conversation = [userMsg(Q1)];
  for (const next of [Q2, 'what did I just ask?']) {
    const c = await client.chat.completions.create({ model: MODEL, messages: conversation });
    conversation.push({ role: 'assistant', content: c.choices[0].message.content }, userMsg(next));
  }
  const last = await client.chat.completions.create({ model: MODEL, messages: conversation });
  conversation.push({ role: 'assistant', content: last.choices[0].message.content });

  const stored = await historyOfLength(user, session, 6);
  assert.equal(stored.length, 6, `stored ${stored.length}: ${stored.map((m) => m.role).join(',')}`);
  assert.deepEqual(stored.map((m) => [m.role, m.content]), conversation.map((m) => [m.role, m.content]));
  assert.match(conversation[3].content, /honolulu|hawaii/i, 'the follow-up lost the first turn');
  assert.ok(conversation[5].content.toLowerCase().includes('hotels there'), 'the last question was not quoted');
});

test('"what did I just ask?" quotes the previous question', async () => {
  const user = uid('quote');
  const headers = { 'X-User-Id': user, 'X-Session-Id': uid('sid') };
  answerOf(await chat({ messages: [userMsg(Q1)] }, headers));
  const answer = answerOf(await chat({ messages: [userMsg('what did I just ask?')] }, headers));
  assert.ok(answer.toLowerCase().includes('book a flight from las vegas to hawaii'), answer);
});

test('sessions are per user: the same session id under another user is empty', async () => {
  const session = uid('sid');
  const alice = uid('alice');
  const bob = uid('bob');
  answerOf(await chat({ messages: [userMsg(Q1)] }, { 'X-User-Id': alice, 'X-Session-Id': session }));
  const answer = answerOf(await chat({ messages: [userMsg(Q2)] }, { 'X-User-Id': bob, 'X-Session-Id': session }));
  assert.doesNotMatch(answer, /honolulu|hawaii/i);
  await historyOfLength(bob, session, 2);
  const res = await request('GET', `/v1/sessions/${session}/messages?user=${bob}`);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.data.map((m) => m.content).filter((c) => c === Q1), []);
  assert.equal(storedHistory(alice, session).length, 2);
});

test('a streamed turn in a session is stored like a non-streamed one', async () => {
  const user = uid('sstream');
  const session = uid('sid');
  const stream = await sessionClient(user, session).chat.completions.create({
    model: MODEL, messages: [userMsg(Q1)], stream: true,
  });
  let content = '';
  for await (const chunk of stream) content += chunk.choices[0]?.delta?.content ?? '';
  const stored = await historyOfLength(user, session, 2);
  assert.deepEqual(stored.map((m) => [m.role, m.content]), [['user', Q1], ['assistant', content]]);
});

test('DELETE /v1/sessions/{sid}/messages forgets the session', async () => {
  const user = uid('del');
  const session = uid('sid');
  const headers = { 'X-User-Id': user, 'X-Session-Id': session };
  answerOf(await chat({ messages: [userMsg(Q1)] }, headers));
  await historyOfLength(user, session, 2);

  const del = await request('DELETE', `/v1/sessions/${session}/messages?user=${user}`);
  assert.ok(del.status === 200 || del.status === 204, `DELETE: ${del.status} ${del.text}`);
  await sleep(100);
  assert.equal(valkey.exists(keys.msgs(user, session)), false, 'history list still exists');
  const res = await request('GET', `/v1/sessions/${session}/messages?user=${user}`);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.data, []);

  // The next turn starts over: "there" is unknown again.
  const answer = answerOf(await chat({ messages: [userMsg(Q2)] }, headers));
  assert.doesNotMatch(answer, /honolulu|hawaii/i);
});

test('GET messages of a session that never existed is an empty list', async () => {
  const res = await request('GET', `/v1/sessions/${uid('sid')}/messages?user=${uid('nobody')}`);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body?.data, []);
});
