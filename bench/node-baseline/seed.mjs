// Fills Valkey with what the node baseline reads when it runs without contrail's warm-up before it:
// for users bench-0..bench-(USERS-1), session s1, a full history window of HISTORY_N messages in
// contrail's stored format ({"role","content","ts"} JSON strings, user/assistant pairs whose
// sizes match flightly-local's replies: ~65–650 bytes) and a session state string.
// Profiles are left absent, as in contrail's benchmark.
//
//   VALKEY_PORT=6379 node bench/node-baseline/seed.mjs
// Env: VALKEY_PORT (6379), USERS (256), HISTORY_N (20).
import Redis from 'ioredis';

const VALKEY_PORT = Number(process.env.VALKEY_PORT ?? 6379);
const USERS = Number(process.env.USERS ?? 256);
const HISTORY_N = Number(process.env.HISTORY_N ?? 20);
const TTL = 7 * 24 * 3600;

const turns = [
  ['what should we do in Honolulu?',
   "Here's what I'd do in Honolulu (HNL):\n• Hanauma Bay: calm, shallow snorkelling in a marine " +
   'preserve; book entry online (low cost, best for ages 5+)\n• Diamond Head summit trail: a ' +
   'short, steep hike with stairs and big views over Waikiki; reserve entry (low cost, best for ' +
   'ages 6+)\n• Waikiki Beach: gentle waves for paddling, plus beginner surf lessons (free)\n• ' +
   'Manoa Falls trail: an easy rainforest walk to a waterfall — muddy, so wear good shoes (low ' +
   "cost, best for ages 4+)\n• Makapu'u Point Lighthouse trail: a paved, stroller-friendly path " +
   'with whale watching in winter (free)'],
  ['and hotels there?',
   'Looking for hotels in Honolulu (HNL). I took "there" to be Honolulu, from earlier in our ' +
   'conversation. Tell me your dates and how many guests, and I will check availability and ' +
   'prices for you; I can also filter by neighbourhood (Waikiki, Ko Olina, downtown) or by ' +
   'family-friendly options such as kitchenettes and pools.'],
  ['what did I just ask?', 'You just asked: "and hotels there?"'],
];
const state = JSON.stringify({
  v: 1, intent: 'things_to_do', turns: 59,
  topics: ['recall_last', 'things_to_do', 'hotel_search'], slots: { destination: 'HNL' },
});

const valkey = new Redis({ host: '127.0.0.1', port: VALKEY_PORT });
const now = Date.now();
const pipeline = valkey.pipeline();
for (let u = 0; u < USERS; u++) {
  const tag = `{u:bench-${u}}`;
  const msgs = [];
  for (let i = 0; msgs.length < HISTORY_N; i++) {
    const [q, a] = turns[i % turns.length];
    const ts = now - (HISTORY_N - msgs.length) * 1000;
    msgs.push(JSON.stringify({ role: 'user', content: q, ts }));
    if (msgs.length < HISTORY_N) msgs.push(JSON.stringify({ role: 'assistant', content: a, ts }));
  }
  const key = `${tag}:s:s1:msgs`;
  pipeline.del(key).rpush(key, ...msgs).expire(key, TTL);
  pipeline.set(`${tag}:s:s1:state`, state, 'EX', TTL);
}
const results = await pipeline.exec();
const failed = results.filter(([err]) => err).length;
await valkey.quit();
console.log(`seeded ${USERS} sessions x ${HISTORY_N} messages (${failed} failed commands)`);
process.exit(failed ? 1 : 0);
