// Tiered memory end to end: turns become events that the in-process worker moves into PostgreSQL
// and extracts memories from; a new session recalls them and says where they came from; a
// correction wins and the old value stays as history; "avoid that airline" is remembered and the
// agent's next flight search leaves it out; one user's memories never reach another; deleting a
// user leaves nothing behind in Valkey or PostgreSQL.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { MODEL, answerOf, assertApiError, chat, eventually, pgRows, request, uid, userMsg, valkey } from './lib/contrail.mjs';

// One turn of `user`'s `session`; the raw response (answerOf reads it).
function say(user, session, text, model = MODEL) {
  return chat({ model, user, metadata: { session_id: session }, messages: [userMsg(text)] });
}

// The user's current records, by slot, once `ready` says they are all there (the worker's lag).
async function currentRecords(user, ready) {
  let records = {};
  await eventually(async () => {
    const res = await request('GET', `/v1/memory/records?user=${user}&k=50&kind=fact,preference`);
    assert.equal(res.status, 200, res.text);
    records = Object.fromEntries(res.body.data.map((r) => [r.slot, r]));
    return ready(records);
  }, 10_000);
  return records;
}

const ann = uid('ann');
const bob = uid('bob');

before(async () => {
  await say(ann, 'first', 'Hi! We live in Denver, we have 2 kids aged 4 and 8, and our budget is $300 per person. I prefer an aisle seat.');
});

test('a new session of a returning user recalls what they said, and says where it got it', async () => {
  const records = await currentRecords(ann, (r) => r.budget_usd && r.seat && r.kids_ages && r.home_airport);
  assert.equal(records.budget_usd.value, '300');
  assert.equal(records.seat.value, 'aisle');
  assert.equal(records.kids_ages.value, '4,8');
  assert.equal(records.home_airport.value, 'DEN');
  assert.ok(records.seat.source_event_ids.length > 0, 'a record names the events it came from');
  const answer = answerOf(await say(ann, 'second', 'what do you know about me?'));
  assert.match(answer, /earlier conversations/i);
  assert.match(answer, /aisle/);
  assert.match(answer, /4 and 8/);
  assert.match(answer, /you told me on \d{4}-\d{2}-\d{2}/);
  const trip = answerOf(await say(ann, 'third', 'find us flights to Honolulu in March'));
  assert.match(trip, /Denver|DEN/, 'the remembered home airport is the origin');
  assert.match(trip, /what you told me on/);
});

test('a correction supersedes the old value, which stays as history', async () => {
  await currentRecords(ann, (r) => r.budget_usd);
  await say(ann, 'fourth', 'Actually, my budget is $500 now.');
  const records = await currentRecords(ann, (r) => r.budget_usd?.value === '500');
  assert.equal(records.budget_usd.value, '500');
  const history = await request('GET', `/v1/memory/records?user=${ann}&k=50&kind=preference&history=true`);
  const budgets = history.body.data.filter((r) => r.slot === 'budget_usd');
  assert.deepEqual(budgets.map((r) => r.value).sort(), ['300', '500']);
  assert.equal(budgets.find((r) => r.value === '300').superseded_by, records.budget_usd.id);
  const answer = answerOf(await say(ann, 'fifth', 'what do you know about me?'));
  assert.match(answer, /\$500/);
  assert.doesNotMatch(answer, /\$300/);
});

test('"avoid that airline" is remembered, and the next flight search leaves it out', async () => {
  const user = uid('carla');
  await say(user, 'plan', 'We fly from Las Vegas. Our last trip was on Hawaiian Airlines and it was awful.');
  await say(user, 'plan', 'Book us a family flight to Honolulu in March, and avoid that airline.');
  const records = await currentRecords(user, (r) => r.avoid_airlines);
  assert.match(records.avoid_airlines.value, /Hawaiian Airlines/);
  const res = await say(user, 'later', 'find flights from Las Vegas to Honolulu in March', 'flightly-agent');
  const calls = res.body.contrail.agent.tool_calls.filter((c) => c.name === 'search_flights');
  assert.ok(calls.length > 0, 'the agent searched flights');
  assert.match(JSON.stringify(JSON.parse(calls[0].arguments).exclude_airlines ?? []), /Hawaiian/);
  assert.doesNotMatch(answerOf(res), /\(Hawaiian Airlines\)/, 'no Hawaiian flight is offered');
});

test('one user\'s memories are never recalled for another', async () => {
  await currentRecords(ann, (r) => r.seat);
  const answer = answerOf(await say(bob, 'fresh', 'what do you know about me?'));
  assert.doesNotMatch(answer, /aisle|Denver|4 and 8/);
  const records = await request('GET', `/v1/memory/records?user=${bob}&k=50`);
  assert.equal(records.status, 200);
  assert.equal(records.body.data.filter((r) => r.kind !== 'episode').length, 0);
});

test('a session\'s events come back in order, paginated, and as a conversation', async () => {
  const user = uid('dan');
  for (const text of ['hello', 'flights to Paris in May', 'and hotels there?']) await say(user, 'talk', text);
  const extracted = await request('POST', `/v1/memory/extract?user=${user}`, { json: { session: 'talk' } });
  assert.equal(extracted.status, 200, extracted.text);
  const first = await request('GET', `/v1/memory/sessions/talk/events?user=${user}&limit=4`);
  assert.equal(first.status, 200, first.text);
  assert.equal(first.body.data.length, 4);
  assert.equal(first.body.has_more, true);
  const rest = await request('GET', `/v1/memory/sessions/talk/events?user=${user}&limit=4&cursor=${first.body.next_cursor}`);
  const events = [...first.body.data, ...rest.body.data];
  assert.deepEqual(events.map((e) => e.role), ['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
  assert.deepEqual(events.filter((e) => e.role === 'user').map((e) => e.content), ['hello', 'flights to Paris in May', 'and hotels there?']);
  assert.ok(events.every((e, i) => i === 0 || e.seq > events[i - 1].seq));
  const conversation = await request('GET', `/v1/memory/sessions/talk/conversation?user=${user}`);
  assert.deepEqual(conversation.body.messages.map((m) => m.content).filter((_, i) => i % 2 === 0), ['hello', 'flights to Paris in May', 'and hotels there?']);
  assertApiError(await request('GET', `/v1/memory/sessions/talk/events?user=${user}&cursor=nope`), 400);
  assertApiError(await request('GET', `/v1/memory/sessions/talk/events?user=${user}&limit=0`), 400);
  assertApiError(await request('GET', `/v1/memory/records?user=${user}&kind=secrets`), 400);
});

test('deleting a user leaves nothing behind in Valkey or PostgreSQL', async () => {
  const user = uid('eve');
  assert.equal((await request('PUT', `/v1/users/${user}/profile`, { json: { name: 'Eve' } })).status, 200);
  await say(user, 'one', 'My email is eve@example.com and I prefer a window seat.');
  await say(user, 'two', 'flights to Maui in June');
  await currentRecords(user, (r) => r.email && r.seat);
  await say(user, 'two', 'and hotels there?');  // possibly still waiting in the stream
  const res = await request('DELETE', `/v1/users/${user}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.deleted, true);
  assert.ok(res.body.events > 0 || res.body.stream_entries > 0);
  const leftovers = async () => {
    const keys = valkey.keys().filter((k) => k.includes(`{u:${user}}`));
    const streamed = [0, 1, 2, 3].flatMap((p) => valkey.xrange(`mem:events:{p${p}}`)).filter((e) => e.includes(user));
    const [[events]] = pgRows(`SELECT count(*) FROM memory_events WHERE user_id = '${user}'`);
    const [[records]] = pgRows(`SELECT count(*) FROM memory_records WHERE user_id = '${user}'`);
    return { keys, streamed, events, records };
  };
  await new Promise((r) => setTimeout(r, 1500));  // a worker's batch in flight would have landed
  assert.deepEqual(await leftovers(), { keys: [], streamed: [], events: '0', records: '0' });
  const profile = await request('GET', `/v1/users/${user}/profile`);
  assert.doesNotMatch(profile.text, /Eve/);
});

test('what a traveller withdraws is forgotten, and a dislike of layovers keeps searches nonstop', async () => {
  const cam = uid('cam');
  await say(cam, 'one', "I'm vegetarian. I hate long layovers.");
  await request('POST', `/v1/memory/extract?user=${cam}`, { json: {} });
  await currentRecords(cam, (r) => r.diet && r.stops);
  const noted = answerOf(await say(cam, 'two', 'actually I am not vegetarian anymore'));
  assert.match(noted, /won't keep your diet/);
  await request('POST', `/v1/memory/extract?user=${cam}`, { json: {} });
  const records = await currentRecords(cam, (r) => !r.diet && r.stops);
  assert.equal(records.stops.value, 'nonstop');
  const history = await request('GET', `/v1/memory/records?user=${cam}&k=50&kind=preference&history=true`);
  assert.deepEqual(history.body.data.filter((r) => r.slot === 'diet').map((r) => r.value).sort(), ['', 'vegetarian']);
  const about = answerOf(await say(cam, 'three', 'what do you know about me?'));
  assert.doesNotMatch(about, /vegetarian/);
  assert.match(answerOf(await say(cam, 'four', 'what is my diet?')), /haven't told me your diet/);
  const trip = answerOf(await say(cam, 'five', 'flights from LAX to Honolulu in March'));
  assert.match(trip, /Nonstop flights first, as you asked on \d{4}-\d{2}-\d{2}/);
  const fares = trip.split('\n').filter((l) => / a person, /.test(l));
  assert.ok(fares.length > 0, trip);
  const firstConnection = fares.findIndex((l) => /\d+ stops?, \$/.test(l));
  assert.ok(firstConnection === -1 || fares.slice(firstConnection).every((l) => /\d+ stops?, \$/.test(l)),
    'nonstop fares are listed before any with a connection');
});
