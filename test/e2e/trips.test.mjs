// Trip tasks as travellers type them, through the chat API: the flight or hotel search the answer
// states is the one asked for — route, departure and return, party (bench/data/trips_dev.jsonl has
// 49 of them for `contrail bench answers`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chat, uid, userMsg } from './lib/contrail.mjs';

async function firstLine(question) {
  const res = await chat({ messages: [userMsg(question)] }, { 'x-user-id': uid('trips') });
  assert.equal(res.status, 200, res.text);
  return res.body.choices[0].message.content.split('\n')[0];
}

const cases = [
  // A range of days, a return said in words, a return day alone, day-first dates, weekdays.
  ['DEN to Orlando 6-13 April, 2 adults + kids 6 and 9',
    'Looking for flights from Denver (DEN) to Orlando (MCO) on April 6, returning April 13 for 2 adults and 2 kids (ages 6 and 9).'],
  ['JFK-LIS 3 Jun back 17 Jun 1 adult',
    'Looking for flights from New York (JFK) to Lisbon (LIS) on June 3, returning June 17 for 1 adult.'],
  ['flying out of Boston to Cancun on the 5th of May, back on the 12th, 2 of us',
    'Looking for flights from Boston (BOS) to Cancun (CUN) on May 5, returning May 12 for 2 travellers.'],
  ['What flights go from L.A. to Honolulu on 14/3 for two grown-ups?',
    'Looking for flights from Los Angeles (LAX) to Honolulu (HNL) on March 14 for 2 adults.'],
  ['Flights from New York to Paris 10/6 to 17/6 for one',
    'Looking for flights from New York (JFK) to Paris (CDG) on June 10, returning June 17 for 1 traveller.'],
  ['fly dallas to orlando on friday and back on sunday, 2 of us',
    'Looking for flights from Dallas (DFW) to Orlando (MCO) on Friday, returning Sunday for 2 travellers.'],
  // Words that asked for a search or named the seats were read as a policy question.
  ['Please search for flights departing Los Angeles for Honolulu on 14 March for 2 adults',
    'Looking for flights from Los Angeles (LAX) to Honolulu (HNL) on March 14 for 2 adults.'],
  ['Need 2 seats Boston to Orlando, out Feb 12 back Feb 19',
    'Looking for flights from Boston (BOS) to Orlando (MCO) on February 12, returning February 19 for 2 travellers.'],
];

// The search as understood; a route the test database has no flight on near those days says so
// after it ("No flight from JFK to LIS near June 3 has a seat in Flightly's system.").
for (const [question, expected] of cases) {
  test(`trip task: ${question}`, async () => {
    const line = await firstLine(question);
    if (line !== expected) {
      assert.ok(line.startsWith(`${expected} No flight from `), line);
      assert.match(line, / in Flightly's system[;.]/);
    }
  });
}

test('a hotel search over a range of days is that many nights from the first', async () => {
  const line = await firstLine('hotels in Waikiki 14-18 March for 2 adults under $250 a night');
  assert.match(line, /^Looking for hotels in Waikiki \(Honolulu, HNL\) on March 14 \(4 nights\) for 2 adults, under \$250 a night\./);
});
