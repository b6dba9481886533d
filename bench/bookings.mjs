// Bookings per second end to end through Flightly's agents (issue 17): each booking is one
// `flightly-agent` chat turn — the orchestrator hands it to the booking agent (search_flights,
// hold_booking in PostgreSQL) and then to the payment agent (pay_booking: a charge at the
// payment simulator, the confirmation and its outbox row) — on flightly-local, whose planning takes
// microseconds (the "0 ms scripted model"). Each traveller is new (a profile with an email, a home
// airport and a party of one, written before the clock starts), so every turn books, each in a
// session of its own, so it writes its workflow checkpoints (agent.checkpoints; a server started
// with CONTRAIL_AGENT_CHECKPOINTS=false gives the baseline without them). Prints bookings/s and the
// latency p50/p99, and the share of turns the server timed in its model ("llm") and tools stages.
//
//   node bench/bookings.mjs [--url URL] [--n 300] [--concurrency 8] [--route LAS-HNL]
// Needs a running, seeded server with a payment simulator: ./scripts/run --detach. The API key is
// $CONTRAIL_API_KEY, else .data/contrail.key. The bookings stay (their users are bench-book-…):
// run `contrail seed --force` to give the seats back.
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((out, a, i, all) => (a.startsWith('--') ? [...out, [a.slice(2), all[i + 1]]] : out), []));
const URL = (args.url ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const N = Number(args.n ?? 300);
const CONCURRENCY = Number(args.concurrency ?? 8);
const [ORIGIN, DESTINATION] = (args.route ?? 'LAS-HNL').split('-');
const KEY = process.env.CONTRAIL_API_KEY ?? fs.readFileSync(path.join(import.meta.dirname, '..', '.data', 'contrail.key'), 'utf8').trim();
const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const RUN = Date.now().toString(36);

const userOf = (i) => `bench-book-${RUN}-${i}`;

// Each traveller's profile, before the clock starts (a profile write waits for Valkey's AOF under
// memory.durability = aof: it is not part of a booking).
async function profile(i) {
  const user = userOf(i);
  for (let attempt = 1; ; attempt++) {
    const put = await fetch(`${URL}/v1/users/${user}/profile`, { method: 'PUT', headers,
      body: JSON.stringify({ home_airport: ORIGIN, adults: '1', email: `${user}@example.com` }) });
    if (put.status === 200) return;
    // 504: Valkey did not fsync it in time (a slow disk after a heavy run); the write is safe to repeat.
    if (put.status !== 504 || attempt === 3) throw new Error(`profile: ${put.status} ${await put.text()}`);
  }
}

async function book(i) {
  const user = userOf(i);
  const started = performance.now();
  const res = await fetch(`${URL}/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify({
    model: 'flightly-agent', user, metadata: { session_id: 'book' },
    messages: [{ role: 'user', content: `book a flight from ${ORIGIN} to ${DESTINATION}` }] }) });
  const body = await res.json();
  const ms = performance.now() - started;
  const content = body.choices?.[0]?.message?.content ?? '';
  const timing = Object.fromEntries((res.headers.get('server-timing') ?? '').split(',').map((s) => {
    const m = s.trim().match(/^(\w+);dur=([0-9.]+)/);
    return m ? [m[1], Number(m[2])] : ['', 0];
  }));
  return { ms, booked: /Booked!/.test(content), content, timing };
}

for (let i = 0; i < N; i += 8) await Promise.all(Array.from({ length: Math.min(8, N - i) }, (_, j) => profile(i + j)));

const results = [];
let next = 0;
const started = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < N) {
    const i = next++;
    results.push(await book(i));
    if (process.stderr.isTTY && results.length % 10 === 0) {
      const s = (performance.now() - started) / 1000;
      process.stderr.write(`\r${results.length}/${N} bookings, ${(results.length / s).toFixed(1)}/s, ETA ${((N - results.length) / (results.length / s)).toFixed(0)} s `);
    }
  }
}));
const seconds = (performance.now() - started) / 1000;
if (process.stderr.isTTY) process.stderr.write('\n');
const booked = results.filter((r) => r.booked);
const pct = (values, p) => values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const mean = (values) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
if (booked.length === 0) {
  console.error(`no turn booked (seats sold out? \`contrail seed --force\` gives them back), e.g.: ${results[0]?.content.slice(0, 300)}`);
  process.exit(1);
}
if (booked.length < results.length) {
  console.error(`${results.length - booked.length} turns did not book, e.g.: ${results.find((r) => !r.booked).content.slice(0, 300)}`);
}
console.log(`| bookings | concurrency | booked | bookings/s | p50 | p99 | server llm (mean) | server tools (mean) | server total (mean) |`);
console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
console.log(`| ${N} | ${CONCURRENCY} | ${booked.length} | ${(booked.length / seconds).toFixed(1)} | ${pct(booked.map((r) => r.ms), 0.5).toFixed(1)} ms | ` +
  `${pct(booked.map((r) => r.ms), 0.99).toFixed(1)} ms | ${mean(booked.map((r) => r.timing.llm ?? 0)).toFixed(2)} ms | ` +
  `${mean(booked.map((r) => r.timing.tools ?? 0)).toFixed(2)} ms | ${mean(booked.map((r) => r.timing.total ?? 0)).toFixed(2)} ms |`);
