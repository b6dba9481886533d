// Live facts: what a grounded turn quotes from the seeded database (fares, hotel rates, offers),
// and that each fact belongs to what was asked — hotel rates for a hotel question, offers valid in
// the month asked, a hotel's budget never capping fares, fares only from where the traveller
// flies. Needs the server's database migrated, seeded and data/knowledge ingested (scripts/test).
// The seed's rows depend on the day it ran, so routes are found through the server, never assumed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerOf, chat, request, uid, userMsg } from './lib/contrail.mjs';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

const ask = async (content, headers = {}) => answerOf(await chat({ messages: [userMsg(content)] }, headers));

// A session's turns, answered in order; returns the answers.
async function session(...contents) {
  const headers = { 'x-user-id': uid('facts'), 'x-session-id': uid('sid') };
  const answers = [];
  for (const content of contents) answers.push(await ask(content, headers));
  return answers;
}

// The listed facts of one kind: hotel lines, fare lines (with their route and price), offer lines.
const hotelLines = (answer) => answer.split('\n').filter((l) => /^- .+ \(\d★, guest rating \d+\.\d\), \$\d+ a night/.test(l));
const fareLines = (answer) =>
  [...answer.matchAll(/^- \S+ \d+ ([A-Z]{3})→([A-Z]{3}) on \d{4}-\d\d-\d\d, economy(?:, \d+ stops?)?, \$(\d+) a person/gm)].map((m) => ({
    origin: m[1], destination: m[2], usd: Number(m[3]),
  }));
const offerWindows = (answer) =>
  [...answer.matchAll(/^- Offer (\S+): .*\(valid (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)\)$/gm)].map((m) => ({
    code: m[1], from: m[2], to: m[3],
  }));

// The airports that have fares to the destination in the next 60 days, as a turn without an origin
// names them.
async function airportsWithFaresTo(city, code) {
  const answer = await ask(`flights to ${city}`);
  const m = answer.match(new RegExp(`Fares to ${code} depend on the airport you fly from; Flightly has them from ([A-Z, and]+)\\.`));
  assert.ok(m, `no airports named in:\n${answer}`);
  return m[1].split(/, | and /);
}

// An airport a question can name that the database has fares from to Honolulu in the next 60 days.
// The first airport with fares to HNL listed when named; with `above`, one with a fare over that
// many dollars (inter-island hops cost less than a hotel night).
async function originWithFaresToHonolulu(above = 0) {
  for (const code of await airportsWithFaresTo('Honolulu', 'HNL')) {
    const fares = fareLines(await ask(`flights from ${code} to Honolulu`));
    assert.ok(fares.every((f) => f.origin === code && f.destination === 'HNL'), JSON.stringify(fares));
    if (fares.some((f) => f.usd > above)) return code;
  }
  return assert.fail('no airport with fares to HNL gets them listed when named');
}

// The first and last day of the month's next occurrence (from today, UTC, as the server counts).
function nextOccurrence(month) {
  const today = new Date().toISOString().slice(0, 10);
  const [y, m] = today.split('-').map(Number);
  const year = month < m ? y + 1 : y;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n) => String(n).padStart(2, '0');
  const first = `${year}-${pad(month)}-01`;
  return { from: first > today ? first : today, to: `${year}-${pad(month)}-${pad(last)}` };
}

test('a hotel question quotes hotel rates a night from the database', async () => {
  const answer = await ask('hotels in Honolulu for 2 adults');
  const hotels = hotelLines(answer);
  assert.ok(hotels.length > 0, answer);
  assert.match(answer, /Below are hotels with rooms left, cheapest first; rates are a night\./);
  assert.doesNotMatch(answer, /won't guess prices/);
  const prices = hotels.map((l) => Number(l.match(/\$(\d+) a night/)[1]));
  assert.deepEqual(prices, [...prices].sort((a, b) => a - b), 'cheapest first');
});

test('a family sees family-friendly hotels first, and a nightly budget is kept', async () => {
  const family = hotelLines(await ask('hotels in Honolulu for 2 adults and 2 kids'));
  assert.ok(family.length > 0);
  assert.match(family[0], /family friendly/);
  const answer = await ask('hotels in Honolulu under $120 a night');
  for (const line of hotelLines(answer)) assert.ok(Number(line.match(/\$(\d+) a night/)[1]) <= 120, line);
  assert.match(answer, /under \$120 a night/);
});

test('offers for a month are only those valid in it', async () => {
  // The spring-break offer runs March to April: ask for the one of those two still ahead.
  const month = new Date().getUTCMonth() + 1 === 4 ? 4 : 3;
  const { from, to } = nextOccurrence(month);
  const answer = await ask(`any deals for Honolulu in ${MONTHS[month - 1]}?`);
  const offers = offerWindows(answer);
  assert.ok(offers.some((o) => o.code.startsWith('SPRINGBREAK-HNL')), answer);
  for (const o of offers) assert.ok(o.from <= to && o.to >= from, `${o.code} (${o.from} to ${o.to}) is not valid ${from} to ${to}`);
  const october = offerWindows(await ask('any deals for Honolulu in October?'));
  assert.ok(!october.some((o) => o.code.startsWith('SPRINGBREAK')), october.map((o) => o.code).join());
});

test("a hotel's budget does not cap the next flight question's fares", async () => {
  const origin = await originWithFaresToHonolulu(30);
  for (const hotels of ['hotels in Honolulu under $30', 'hotels in Honolulu under $30 a night']) {
    const [, flights] = await session(hotels, `flights from ${origin} to Honolulu`);
    const fares = fareLines(flights);
    assert.ok(fares.some((f) => f.origin === origin && f.usd > 30), `${hotels}, then:\n${flights}`);
    assert.doesNotMatch(flights, /\$30\b/);
  }
});

test('without an origin the answer asks where the traveller flies from and lists no routes', async () => {
  const answer = await ask('flights to Honolulu');
  assert.match(answer, /Where will you fly from\?/);
  assert.match(answer, /Fares to HNL depend on the airport you fly from; Flightly has them from [A-Z]{3}/);
  assert.deepEqual(fareLines(answer), [], answer);
});

test("with a profile's home airport the fares come from it", async () => {
  const user = uid('home');
  const setHome = async (code) => assert.equal((await request('PUT', `/v1/users/${user}/profile`, { json: { home_airport: code } })).status, 200);
  await setHome('LAS');
  const answer = await ask('flights to Honolulu', { 'x-user-id': user });
  assert.match(answer, /from Las Vegas \(LAS\) to Honolulu \(HNL\)/);
  assert.match(answer, /I used your home airport from your profile\./);
  assert.doesNotMatch(answer, /Where will you fly from\?/);
  for (const f of fareLines(answer)) assert.equal(f.origin, 'LAS', answer);
  // An airport the database has fares from: the answer lists them, and only them.
  let listed = false;
  for (const code of await airportsWithFaresTo('Honolulu', 'HNL')) {
    await setHome(code);
    const fares = fareLines(await ask('flights to Honolulu', { 'x-user-id': user }));
    assert.ok(fares.every((f) => f.origin === code && f.destination === 'HNL'), JSON.stringify(fares));
    if (fares.length > 0) {
      listed = true;
      break;
    }
  }
  assert.ok(listed, 'no home airport with fares to HNL got them listed');
});

// The grounded turn reads fares and offers through the tool-result cache (tc:live_facts:…): the
// same lookup asked again by another traveller the same day is a hit, and answers the same lines.
test('the same fares lookup asked twice is read from the tool-result cache the second time', async () => {
  const counter = async (result) => {
    const res = await request('GET', '/metrics');
    assert.equal(res.status, 200);
    const m = res.text.match(new RegExp(`^contrail_tool_cache_lookups_total\\{result="${result}"\\} (\\d+)$`, 'm'));
    return m ? Number(m[1]) : 0;
  };
  const question = 'flights from Denver to Orlando in March';
  // no-cache: the semantic answer cache would answer the repeat without looking fares up.
  const first = await ask(question, { 'x-user-id': uid('tc'), 'cache-control': 'no-cache' });
  const hits = await counter('hit');
  const second = await ask(question, { 'x-user-id': uid('tc'), 'cache-control': 'no-cache' });
  assert.ok((await counter('hit')) > hits, 'the second lookup was not a cache hit');
  assert.deepEqual(fareLines(second), fareLines(first));
  assert.deepEqual(offerWindows(second), offerWindows(first));
});
