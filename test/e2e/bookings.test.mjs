// Multi-agent Flightly books and pays (issue 17), end to end through the offline model, real
// PostgreSQL and Valkey, and the payment simulator scripts/test starts (`contrail payments-sim`):
// the support-chat-then-book scenario, one booking and one charge for a doubled request, a decline
// and a timeout rolled back, the race for the last seat, a crash between the charge and the
// confirmation resumed from its checkpoint on another instance, cancellation, and another user's
// key that sees nothing.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { assertApiError, eventually, pgRows, request, startContrail, uid, valkey } from './lib/contrail.mjs';

const SIM = process.env.CONTRAIL_PAYMENTS_SIM_URL ?? '';
const SIM_KEY = process.env.CONTRAIL_PAYMENTS_SIM_KEY ?? '';
const AGENT = 'flightly-agent';
const skip = SIM ? false : 'no payment simulator (CONTRAIL_PAYMENTS_SIM_URL; scripts/test starts one)';

async function sim(method, path, json) {
  const res = await fetch(SIM + path, {
    method,
    headers: { authorization: `Bearer ${SIM_KEY}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}
const chargesFor = async (reference) =>
  (await sim('GET', `/v1/charges?idempotency_key=${encodeURIComponent(`pay:${reference}`)}`)).body.data;

async function profile(user, fields) {
  const res = await request('PUT', `/v1/users/${user}/profile`, { json: fields });
  assert.equal(res.status, 200, res.text);
}

// A flightly-agent turn of `user`; `session` and `headers` optional. Returns the HTTP result.
function turn(user, text, { session, headers = {}, base = '' } = {}) {
  const json = { model: AGENT, user, messages: [{ role: 'user', content: text }] };
  if (session) json.metadata = { session_id: session };
  return request('POST', `${base}/v1/chat/completions`, { json, headers });
}
const said = (res) => {
  assert.equal(res.status, 200, res.text);
  return res.body.choices[0].message.content;
};

async function bookingsOf(user) {
  const res = await request('GET', `/v1/bookings?user=${user}`);
  assert.equal(res.status, 200, res.text);
  return res.body.data;
}
const seatsLeft = (flightId) => Number(pgRows(`SELECT seats_left FROM flights WHERE id = ${Number(flightId)}`)[0][0]);

before(async () => {
  if (skip) return;
  await sim('DELETE', '/v1/simulate');
});

test('the scenario: an email from a support chat, a later session books the Honolulu trip with insurance', { skip }, async () => {
  const user = uid('scenario');
  const email = `${user}@example.com`;
  await profile(user, { home_airport: 'LAS', adults: '2' });
  // The support chat: the traveller gives their email; long-term memory keeps it.
  const support = await request('POST', '/v1/chat/completions', {
    json: { model: 'flightly-local', user, metadata: { session_id: 'support' },
      messages: [{ role: 'user', content: `My bags were delayed last week. You can reach me at ${email}.` }] },
  });
  assert.equal(support.status, 200, support.text);
  const remembered = await eventually(async () => {
    await request('POST', `/v1/memory/extract?user=${user}`);
    const records = await request('GET', `/v1/memory/records?user=${user}&kind=fact`);
    return records.body?.data?.some((r) => r.text.includes(email));
  }, 10_000);
  assert.ok(remembered, 'the email was not remembered');
  // A later session: one request books and pays through the orchestrator's agents.
  const res = await turn(user, 'book the Honolulu trip with travel insurance', { session: 'trip' });
  const answer = said(res);
  assert.match(answer, /Booked!/, answer);
  assert.match(answer, new RegExp(email.replace(/[.]/g, '\\.')));
  assert.match(answer, /the address you gave us/, answer);
  assert.deepEqual(res.body.contrail.agent.tool_calls.map((t) => t.name), ['booking_agent', 'payment_agent']);
  assert.notEqual(res.headers.get('x-cache'), 'HIT');
  const [booking, ...more] = await bookingsOf(user);
  assert.equal(more.length, 0);
  assert.equal(booking.status, 'confirmed');
  assert.equal(booking.flight.destination, 'HNL');
  assert.equal(booking.flight.origin, 'LAS');
  assert.equal(booking.passengers, 2);
  assert.equal(booking.insurance.plan, 'plus');
  assert.equal(booking.contact_email, email);
  assert.equal(booking.payment.status, 'captured');
  assert.ok(answer.includes(booking.id), answer);
  // One payment, one charge, one confirmation to that address with the itinerary, insurance and amount.
  assert.deepEqual(pgRows(`SELECT count(*) FROM payments p JOIN bookings b ON b.id = p.booking_id
    WHERE b.reference = '${booking.id}' AND p.status = 'captured'`), [['1']]);
  const charges = await chargesFor(booking.id);
  assert.equal(charges.length, 1);
  assert.equal(charges[0].amount_cents, booking.total_cents);
  const [[kind, address, body]] = pgRows(`SELECT o.kind, o.address, replace(o.body, E'\\n', ' ') FROM booking_outbox o
    JOIN bookings b ON b.id = o.booking_id WHERE b.reference = '${booking.id}'`);
  assert.equal(kind, 'confirmation');
  assert.equal(address, email);
  assert.match(body, /Plus plan/);
  assert.match(body, new RegExp(booking.flight.flight_no));
  // Asked again in the same session, nothing is booked twice.
  said(await turn(user, 'show my bookings', { session: 'trip' }));
  assert.equal((await bookingsOf(user)).length, 1);
});

test('the same booking sent twice at once with one Idempotency-Key: one booking, one charge', { skip }, async () => {
  const user = uid('twice');
  await profile(user, { home_airport: 'LAS', adults: '1', email: `${user}@example.com` });
  const headers = { 'idempotency-key': `twice-${user}` };
  const [a, b] = await Promise.all([turn(user, 'book a flight to Honolulu', { headers }),
    turn(user, 'book a flight to Honolulu', { headers })]);
  const bookings = await bookingsOf(user);
  assert.equal(bookings.length, 1, JSON.stringify(bookings));
  assert.equal(bookings[0].status, 'confirmed');
  assert.ok(said(a).includes(bookings[0].id) && said(b).includes(bookings[0].id), `${said(a)}\n${said(b)}`);
  assert.equal((await chargesFor(bookings[0].id)).length, 1);
});

// Books for a new user with the simulator told to `next`; returns the booking, the answer and the
// seats its flight had before.
async function bookWhileTheProcessor(next) {
  const user = uid(next);
  await profile(user, { home_airport: 'LAS', adults: '2', email: `${user}@example.com` });
  const seats = new Map(pgRows(`SELECT id, seats_left FROM flights WHERE origin = 'LAS' AND destination = 'HNL'`));
  assert.equal((await sim('POST', '/v1/simulate', { next, count: 1, hang_ms: 4000 })).status, 200);
  try {
    const answer = said(await turn(user, 'book a flight to Honolulu'));
    const [booking] = await bookingsOf(user);
    assert.ok(booking, `nothing was held: ${answer}`);
    return { answer, booking, seatsBefore: Number(seats.get(String(booking.flight.flight_id))) };
  } finally {
    await sim('DELETE', '/v1/simulate');
  }
}

test('a declined card rolls everything back: the seats go back, nothing is charged', { skip }, async () => {
  const { answer, booking, seatsBefore } = await bookWhileTheProcessor('decline');
  assert.match(answer, /declined/, answer);
  assert.equal(booking.status, 'cancelled');
  assert.equal(booking.status_reason, 'payment declined');
  assert.equal(booking.payment.status, 'failed');
  assert.equal(seatsLeft(booking.flight.flight_id), seatsBefore);
  assert.ok((await chargesFor(booking.id)).every((c) => c.status !== 'succeeded'));
});

test('a payment that times out is voided and rolled back', { skip }, async () => {
  const { answer, booking, seatsBefore } = await bookWhileTheProcessor('timeout');
  assert.match(answer, /did not answer in time/, answer);
  assert.equal(booking.status, 'cancelled');
  assert.equal(seatsLeft(booking.flight.flight_id), seatsBefore);
  assert.equal((await chargesFor(booking.id)).filter((c) => c.status === 'succeeded').length, 0);
});

test('two users racing for the last seat: one booking, one clear "sold out"', { skip }, async () => {
  // A route no other test books, its cheapest flight down to its last seat.
  const [[id, origin, destination]] = pgRows(`SELECT id, origin, destination FROM flights
    WHERE depart_date BETWEEN current_date + 1 AND current_date + 59 AND origin NOT IN ('LAS', 'LAX')
      AND seats_left >= 1 ORDER BY origin DESC, destination DESC, fare_cents, depart_time LIMIT 1`);
  const [[cheapest]] = pgRows(`SELECT id FROM flights WHERE origin = '${origin}' AND destination = '${destination}'
    AND depart_date BETWEEN current_date AND current_date + 60 AND seats_left >= 1 ORDER BY fare_cents, depart_time LIMIT 1`);
  assert.equal(cheapest, id);
  // Its last seat is the route's last: the other flights in the search's window are full.
  pgRows(`UPDATE flights SET seats_left = CASE WHEN id = ${id} THEN 1 ELSE 0 END WHERE origin = '${origin}'
    AND destination = '${destination}' AND depart_date BETWEEN current_date AND current_date + 60`);
  const users = [uid('racer'), uid('racer')];
  for (const u of users) await profile(u, { home_airport: origin, adults: '1', email: `${u}@example.com` });
  const answers = await Promise.all(users.map((u) => turn(u, `book a flight from ${origin} to ${destination}`).then(said)));
  const booked = (await Promise.all(users.map(bookingsOf))).flat().filter((b) => b.status === 'confirmed');
  assert.equal(booked.length, 1, JSON.stringify(booked));
  assert.equal(answers.filter((a) => /Booked!/.test(a)).length, 1, answers.join('\n'));
  // The loser hears it sold out: at the hold, or (its search came second) from the search.
  assert.equal(answers.filter((a) => /sold out|has seats left for your party/.test(a)).length, 1, answers.join('\n'));
  assert.equal(seatsLeft(id), 0);
});

test('a crash between the charge and the confirmation resumes from its checkpoint on another instance, charging once', { skip }, async () => {
  const user = uid('crash');
  await profile(user, { home_airport: 'LAS', adults: '1', email: `${user}@example.com` });
  const env = { CONTRAIL_PAYMENTS_TIMEOUT_MS: '20000' };  // it waits for the hung charge until it dies
  const workflow = `{u:${user}}:s:crash:wf`;
  // Two instances on the same Valkey and PostgreSQL: the first crashes, the second gets the retry.
  const [first, second] = [await startContrail(env), await startContrail(env)];
  try {
    assert.equal((await sim('POST', '/v1/simulate', { next: 'charge_then_hang', count: 1, hang_ms: 30000 })).status, 200);
    const before = (await sim('GET', '/v1/charges')).body.data.length;
    const pending = turn(user, 'book a flight to Honolulu', { session: 'crash', base: first.url }).catch((e) => e);
    const charged = await eventually(async () => (await sim('GET', '/v1/charges')).body.data.length > before, 15_000);
    if (!charged) assert.fail(`the charge never reached the processor: ${JSON.stringify(await pending)}`);
    await first.kill();  // kill -9: the charge stands, the booking is only held
    await pending;
    await sim('DELETE', '/v1/simulate');
    const [held] = await bookingsOf(user);
    assert.equal(held.status, 'held');
    // The checkpoint names the step that was running: the payment agent's call, pending.
    const checkpoints = valkey.hgetall(workflow);
    const lead = JSON.parse(checkpoints['']);
    assert.deepEqual(lead.tool_runs.map((t) => t.call.name), ['booking_agent']);
    assert.equal(lead.messages.at(-1).tool_calls[0].name, 'payment_agent');

    // The client retries the request it got no answer to, and another instance takes it: the turn
    // resumes where it was cut off — no new search or hold, the charge made once.
    const res = await turn(user, 'book a flight to Honolulu', { session: 'crash', base: second.url });
    const answer = said(res);
    assert.match(answer, /Booked!/, answer);
    const agent = res.body.contrail.agent;
    assert.equal(agent.resumed_steps, 2, JSON.stringify(agent));
    assert.deepEqual(agent.tool_calls.map((t) => [t.name, Boolean(t.resumed)]),
      [['booking_agent', true], ['payment_agent', false]]);
    const payment = JSON.parse(agent.tool_calls[1].output);
    // The payment agent's own step was cut off before its pay_booking result was written: it runs
    // again under the same key, and the processor answers with the charge it made.
    assert.deepEqual(payment.calls.map((c) => c.tool), ['pay_booking']);
    const bookings = await bookingsOf(user);
    assert.equal(bookings.length, 1);
    assert.equal(bookings[0].status, 'confirmed');
    assert.equal(bookings[0].id, held.id);
    assert.equal((await chargesFor(held.id)).length, 1);
    // Stored: nothing is left to resume.
    await eventually(() => !valkey.exists(workflow));
  } finally {
    await sim('DELETE', '/v1/simulate');
    await first.kill();
    await second.stop();
  }
});

test('a hold that ran out unpaid after a crash nobody retried is released, and its charge voided', { skip }, async () => {
  const user = uid('lapsed');
  await profile(user, { home_airport: 'LAS', adults: '1', email: `${user}@example.com` });
  const first = await startContrail({ CONTRAIL_PAYMENTS_TIMEOUT_MS: '20000' });
  let reconciler;
  try {
    assert.equal((await sim('POST', '/v1/simulate', { next: 'charge_then_hang', count: 1, hang_ms: 30000 })).status, 200);
    const before = (await sim('GET', '/v1/charges')).body.data.length;
    const pending = turn(user, 'book a flight to Honolulu', { base: first.url }).catch((e) => e);
    assert.ok(await eventually(async () => (await sim('GET', '/v1/charges')).body.data.length > before, 15_000));
    await first.kill();
    await pending;
    await sim('DELETE', '/v1/simulate');
    const [held] = await bookingsOf(user);
    assert.equal(held.status, 'held');
    const seats = seatsLeft(held.flight.flight_id);
    // Nobody comes back for it; its hold runs out.
    pgRows(`UPDATE bookings SET hold_expires_at = now() - interval '1 minute' WHERE reference = '${held.id}'`);
    reconciler = await startContrail({ CONTRAIL_PAYMENTS_RECONCILE_INTERVAL_S: '1', CONTRAIL_PAYMENTS_RECONCILE_GRACE_S: '0' });
    // The reconciler releases the booking, then voids the charge, then notes the payment settled:
    // wait for that last step, not the first (the charge is read below).
    const settledPayment = () => pgRows(`SELECT p.failure FROM payments p JOIN bookings b ON b.id = p.booking_id
                                         WHERE b.reference = '${held.id}'`);
    assert.ok(await eventually(async () => (await bookingsOf(user))[0].status === 'cancelled' &&
                                           settledPayment().some(([failure]) => failure === 'hold expired: charge voided'),
                               10_000));
    const [charge] = await chargesFor(held.id);
    assert.equal(charge.status, 'refunded', JSON.stringify(charge));
    assert.equal(charge.refunded_cents, charge.amount_cents);
    assert.equal(seatsLeft(held.flight.flight_id), seats + held.passengers);
    assert.deepEqual(pgRows(`SELECT p.status, p.failure FROM payments p JOIN bookings b ON b.id = p.booking_id
                             WHERE b.reference = '${held.id}'`), [['failed', 'hold expired: charge voided']]);
  } finally {
    await sim('DELETE', '/v1/simulate');
    await first.kill();
    await reconciler?.stop();
  }
});

test('bookings belong to their owner: another user key sees and cancels nothing; the owner cancels', { skip }, async () => {
  const mint = async (user) => (await request('POST', '/v1/admin/keys', { json: { kind: 'user', user, name: 'e2e bookings' } })).body.key;
  const alice = uid('alice');
  const bob = uid('bob');
  const as = (key) => ({ authorization: `Bearer ${key}` });
  const [aliceKey, bobKey] = [await mint(alice), await mint(bob)];
  await profile(alice, { home_airport: 'LAS', adults: '1', email: `${alice}@example.com` });
  const answer = said(await turn(alice, 'book a flight to Honolulu'));
  const [booking] = await bookingsOf(alice);
  assert.equal(booking?.status, 'confirmed', answer);
  assertApiError(await request('GET', `/v1/bookings/${booking.id}`, { headers: as(bobKey) }), 404);
  assertApiError(await request('POST', `/v1/bookings/${booking.id}/cancel`, { headers: as(bobKey) }), 404);
  assert.deepEqual((await request('GET', '/v1/bookings', { headers: as(bobKey) })).body.data, []);
  assertApiError(await request('GET', `/v1/bookings?user=${alice}`, { headers: as(bobKey) }), 403);
  assertApiError(await request('GET', '/v1/bookings/not-a-ref', { headers: as(aliceKey) }), 400);
  const mine = await request('GET', `/v1/bookings/${booking.id}`, { headers: as(aliceKey) });
  assert.equal(mine.status, 200);
  assert.equal(mine.body.status, 'confirmed');
  const cancelled = await request('POST', `/v1/bookings/${booking.id}/cancel`, { headers: as(aliceKey) });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.body.status, 'cancelled');
  const { refund_usd: refund, credit_usd: credit } = cancelled.body.refund;
  assert.ok(Math.abs(refund + credit - booking.total_usd) < 0.01 || refund + credit <= booking.total_usd, JSON.stringify(cancelled.body));
  assert.deepEqual(pgRows(`SELECT o.kind, o.address FROM booking_outbox o JOIN bookings b ON b.id = o.booking_id
    WHERE b.reference = '${booking.id}' ORDER BY o.id`), [['confirmation', `${alice}@example.com`], ['cancellation', `${alice}@example.com`]]);
  const charge = (await chargesFor(booking.id))[0];
  assert.equal(charge.refunded_cents, Math.round(refund * 100));
  // Cancelling again changes nothing.
  const again = await request('POST', `/v1/bookings/${booking.id}/cancel`, { headers: as(aliceKey) });
  assert.equal(again.status, 200);
  assert.equal(again.body.refund, undefined);
  // Alice asks to be forgotten: the booking stays for the books, with nothing left that is hers.
  const forgotten = await request('DELETE', `/v1/users/${alice}`, { headers: as(aliceKey) });
  assert.equal(forgotten.status, 200, forgotten.text);
  assert.equal(forgotten.body.bookings_unlinked, 1);
  assert.deepEqual((await request('GET', '/v1/bookings', { headers: as(aliceKey) })).body.data, []);
  assert.deepEqual(pgRows(`SELECT b.status, coalesce(b.user_id, '-'), coalesce(b.contact_email, '-'),
    (SELECT count(*) FROM booking_outbox o WHERE o.booking_id = b.id) FROM bookings b WHERE b.reference = '${booking.id}'`),
  [['cancelled', '-', '-', '0']]);
});
