// Recall across sessions, end to end (issue 15): people tell contrail facts, preferences and
// corrections in one or more sessions; a brand-new session then asks "what do you remember about
// me?" and the answer is checked for each value the person stated (a corrected one: the
// correction) and for the slots they never stated (the set's not_expected: a false memory). The same question from a user with no history is the control. Everything goes through the
// running server's chat API (the `openai` npm client), so the measure covers the turn's events,
// the worker, PostgreSQL, the speed layer's copy and the offline model's answer.
//
//   node bench/memory_recall.mjs [people.jsonl …]      (after ./scripts/run --detach, npm ci in test/e2e)
//
// Default sets: test/flightly/data/memory_people_heldout.jsonl (68 people, written after the
// extractor's rules) and memory_people.jsonl (57, the rules' dev set), reported apart. Each line:
// {"person", "sessions": [[{role, content}…]…], "expect": {slot: value}, "not_expected": [slot…]};
// only the user messages are sent (the server answers them itself). Reads the stack's key from
// .data/contrail.key (an admin key: it names the user per request); CONTRAIL_URL overrides the
// server (default http://127.0.0.1:8080). The people's rows are deleted at the end
// (DELETE /v1/users/{id}).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const { default: OpenAI } = await import(join(REPO, 'test/e2e/node_modules/openai/index.mjs'));

const URL = process.env.CONTRAIL_URL ?? 'http://127.0.0.1:8080';
const KEY = process.env.CONTRAIL_KEY ?? readFileSync(join(REPO, '.data/contrail.key'), 'utf8').trim();
const SETS = process.argv.length > 2 ? process.argv.slice(2) : [
  join(REPO, 'test/flightly/data/memory_people_heldout.jsonl'),
  join(REPO, 'test/flightly/data/memory_people.jsonl'),
];
const WAIT_MS = 3000;   // how long the memories may take to be stored before the question is asked
const RUN = Date.now().toString(36);
const client = new OpenAI({ baseURL: `${URL}/v1`, apiKey: KEY, maxRetries: 3 });
const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

async function say(user, session, content) {
  const res = await client.chat.completions.create({
    model: 'flightly-local', user, metadata: { session_id: session },
    messages: [{ role: 'user', content }],
  });
  return res.choices[0].message.content ?? '';
}

// The answer mentions `value` of `slot` as the offline model writes it: an airport as "City (XXX)",
// ages "4 and 8", a budget "$300", lists with "and".
function mentions(answer, slot, value) {
  const text = answer.toLowerCase();
  const v = String(value).toLowerCase();
  if (slot === 'kids_ages') return v.split(',').every((age) => new RegExp(`\\b${age.trim()}\\b`).test(text));
  if (slot === 'budget_usd') return text.includes(`$${Number(v).toLocaleString('en-US')}`) || text.includes(`$${v}`);
  if (slot === 'interests' || slot === 'avoid_airlines') return v.split(',').every((item) => text.includes(item.trim()));
  if (slot === 'adults') return new RegExp(`adults: ${v}\\b`).test(text);
  if (slot === 'home_airport') return new RegExp(`\\b${String(value)}\\b`).test(answer);  // the code, in capitals
  return text.includes(v);
}

// How the answer labels each slot's line ("• Budget: $500 (you told me on …)"), lower case.
const LABELS = { name: 'name', home_airport: 'home airport', adults: 'adults', kids_ages: "kids' ages",
  interests: 'interests', budget_usd: 'budget', seat: 'seat preference', avoid_airlines: 'airlines to avoid',
  diet: 'diet', loyalty_tier: 'flightly miles tier', cabin: 'cabin', email: 'email' };

// A stored record's value is the one expected (lists in any order, any case).
function sameValue(got, want) {
  const items = (v) => String(v).toLowerCase().split(',').map((x) => x.trim()).sort().join(',');
  return items(got) === items(want);
}

// Waits until the person's current records hold every value expected (the worker's lag), up to
// WAIT_MS (then the extraction missed something). → ms waited, or null.
async function waitStored(user, expect) {
  const deadline = Date.now() + WAIT_MS;
  const started = Date.now();
  while (Date.now() < deadline) {
    const res = await fetch(`${URL}/v1/memory/records?user=${user}&kind=fact,preference&k=100`, { headers });
    const body = await res.json();
    const current = Object.fromEntries((body.data ?? []).map((r) => [r.slot, r.value]));
    if (Object.entries(expect).every(([slot, value]) => current[slot] !== undefined && sameValue(current[slot], value))) {
      return Date.now() - started;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

async function forget(user) {
  await fetch(`${URL}/v1/users/${user}`, { method: 'DELETE', headers });
}

async function runSet(path) {
  const people = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const tally = { people: people.length, slots: 0, recalled: 0, control: 0, falseMemories: 0, falseChecks: 0, missed: [],
    waits: [], wrong: [] };
  let n = 0;
  for (const [i, person] of people.entries()) {
    const user = `recall-${RUN}-${i}`;
    const control = `recall-${RUN}-${i}-control`;
    for (const [s, session] of person.sessions.entries()) {
      for (const m of session) if (m.role === 'user') await say(user, `s${s}`, m.content);
    }
    const waited = await waitStored(user, person.expect);
    if (waited !== null) tally.waits.push(waited);
    const answer = await say(user, 'new', 'What do you remember about me?');
    const blank = await say(control, 'new', 'What do you remember about me?');
    for (const [slot, value] of Object.entries(person.expect)) {
      tally.slots++;
      if (mentions(answer, slot, value)) tally.recalled++;
      else tally.missed.push(`${person.person}: ${slot}=${value}`);
      if (mentions(blank, slot, value)) {
        tally.control++;
        tally.wrong.push(`${person.person}: the control's answer mentions ${slot}=${value}`);
      }
    }
    // A slot the person never stated (the set's not_expected) must not be recalled: a false memory.
    const lines = answer.split('\n').map((l) => l.toLowerCase());
    for (const slot of person.not_expected ?? []) {
      tally.falseChecks++;
      if (lines.some((l) => l.startsWith(`• ${LABELS[slot]}:`) && l.includes('(you told me on'))) {
        tally.falseMemories++;
        tally.wrong.push(`${person.person}: recalls a ${slot} they never stated`);
      }
    }
    await forget(user);
    await forget(control);
    if (process.stderr.isTTY) process.stderr.write(`\r${path.split('/').pop()}: ${++n}/${people.length}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  return tally;
}

const pct = (a, b) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
const quantile = (xs, q) => (xs.length === 0 ? '—' : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]);
console.log(`memory recall across sessions — ${new Date().toISOString().slice(0, 10)}, ${URL}`);
console.log('| set | people | values stated | recalled in a new session | no-history control | slots recalled never stated | stored within, p50 / p99 ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const missed = [];
const wrong = [];
for (const path of SETS) {
  const t = await runSet(path);
  console.log(`| ${path.split('/').pop()} | ${t.people} | ${t.slots} | ${t.recalled} (${pct(t.recalled, t.slots)}) | ` +
    `${t.control} (${pct(t.control, t.slots)}) | ${t.falseMemories} of ${t.falseChecks} | ` +
    `${quantile(t.waits, 0.5)} / ${quantile(t.waits, 0.99)} |`);
  missed.push(...t.missed);
  wrong.push(...t.wrong);
}
if (wrong.length > 0) {
  console.log(`\nwrong (${wrong.length}):`);
  for (const w of wrong) console.log(`  ${w}`);
}
if (missed.length > 0) {
  console.log(`\nmissed (${missed.length}):`);
  for (const m of missed) console.log(`  ${m}`);
}
