// Steady load on contrail for the fault suite: N clients, each a user of its own, doing stateful
// chat turns in sessions, some streamed, and now and then a knowledge search. A session goes on
// through a fault (a user keeps talking) and ends after a few turns acknowledged as stored, so its
// history stays inside chat.history_window (20 messages): at most turnsPerSession acknowledged
// turns, plus the few not acknowledged that may still be stored (a client's turn in flight when a
// fault began), in at most 3 × turnsPerSession turns. Every request has a
// client-side deadline and every answer is classified and recorded, so that the driver can tell
// what each fault did: which answers, how slow, and which turns were acknowledged as stored.
//
// Outcomes (record.outcome):
//   ok           200, a well-formed answer; for a session turn: acknowledged as stored
//   degraded     200 with X-Degraded: valkey (or "contrail":{"degraded":"valkey"} ending a stream)
//   ungrounded   ok, but a question that is always grounded came back without sources
//   http_<N>     an error status with OpenAI's error body ({"error":{message,type,param,code}})
//   stream_error a 200 stream that ended with an error chunk and [DONE] (the model failed mid-stream)
//   conn_error   no HTTP answer: refused or reset (only expected while contrail itself is down)
//   deadline     no answer within the client deadline: always a failure
//   bad          anything else (a body that is not the documented shape): always a failure
import { randomBytes } from 'node:crypto';

// Flightly questions; `grounded` ones always retrieve passages when PostgreSQL answers.
export const PROMPTS = [
  { text: 'hello there', grounded: false },
  { text: 'how many bags can I check?', grounded: true },
  { text: 'can I book a flight from Las Vegas to Honolulu?', grounded: true },
  { text: 'and hotels there?', grounded: true },
  { text: 'what did I just ask?', grounded: false },
  { text: 'can I bring my dog on the plane?', grounded: true },
];
export const SEARCH_QUERIES = ['where can I surf and party?', 'baggage allowance', 'refund policy', 'pets in the cabin'];

// Letters only: a turn's tag must not read as a date, a party size or an airport.
function tag() {
  return Array.from(randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// fetch with a deadline over the whole exchange (headers and body). → {status, headers, text} or
// {error: 'deadline' | 'conn_error', detail}.
async function exchange(url, init, deadlineMs) {
  const signal = AbortSignal.timeout(deadlineMs);
  try {
    const res = await fetch(url, { ...init, signal });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError' || signal.aborted) {
      return { error: 'deadline', detail: `no answer within ${deadlineMs} ms` };
    }
    const cause = err.cause?.code ?? err.cause?.message ?? err.message;
    return { error: 'conn_error', detail: String(cause) };
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// The OpenAI error shape, or a reason it is not.
function errorShapeProblem(err) {
  if (!err || typeof err !== 'object') return 'no error object';
  if (typeof err.message !== 'string' || err.message === '') return 'error.message';
  if (typeof err.type !== 'string') return 'error.type';
  if (!('param' in err) || !(err.param === null || typeof err.param === 'string')) return 'error.param';
  if (!('code' in err) || !(err.code === null || typeof err.code === 'string')) return 'error.code';
  return '';
}

// Statuses an error answer may have (README: a provider that fails 502, too slow 504, refused or
// a connection shed 503; search and the rest 503 while a store is down).
const ERROR_STATUSES = new Set([502, 503, 504]);

function classifyError(res) {
  const body = parseJson(res.text);
  const type = res.headers.get('content-type') ?? '';
  if (!ERROR_STATUSES.has(res.status)) return { outcome: 'bad', detail: `status ${res.status}: ${res.text.slice(0, 200)}` };
  if (!type.startsWith('application/json')) return { outcome: 'bad', detail: `${res.status} with content-type ${type}: ${res.text.slice(0, 200)}` };
  const problem = errorShapeProblem(body?.error);
  if (problem) return { outcome: 'bad', detail: `${res.status} body is not OpenAI's error shape (${problem}): ${res.text.slice(0, 200)}` };
  return {
    outcome: `http_${res.status}`,
    detail: body.error.message,
    retryAfter: res.headers.get('retry-after'),
  };
}

function classifyCompletion(res) {
  const body = parseJson(res.text);
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content !== 'string' || content === '') return { outcome: 'bad', detail: `200 without an answer: ${res.text.slice(0, 200)}` };
  return { content, sources: body.contrail?.sources?.length ?? 0, degradedTail: body.contrail?.degraded };
}

function classifyStream(res) {
  const events = res.text.split('\n\n').map((e) => e.trim()).filter((e) => e !== '');
  if (events.at(-1) !== 'data: [DONE]') return { outcome: 'bad', detail: `stream without [DONE]: …${res.text.slice(-200)}` };
  let content = '';
  let last;
  for (const e of events.slice(0, -1)) {
    if (!e.startsWith('data: ')) return { outcome: 'bad', detail: `not an SSE data line: ${e.slice(0, 200)}` };
    const chunk = parseJson(e.slice(6));
    if (chunk === undefined) return { outcome: 'bad', detail: `stream chunk is not JSON: ${e.slice(0, 200)}` };
    if (chunk.error !== undefined) {
      const problem = errorShapeProblem(chunk.error);
      if (problem) return { outcome: 'bad', detail: `stream error chunk is not OpenAI's error shape (${problem}): ${e.slice(0, 200)}` };
      return { outcome: 'stream_error', detail: chunk.error.message };
    }
    if (!Array.isArray(chunk.choices)) return { outcome: 'bad', detail: `chunk without choices: ${e.slice(0, 200)}` };
    if (chunk.choices.length > 0) last = chunk;
    content += chunk.choices[0]?.delta?.content ?? '';
  }
  if (!last || last.choices[0].finish_reason == null) return { outcome: 'bad', detail: `stream without a finish_reason: …${res.text.slice(-200)}` };
  if (content === '') return { outcome: 'bad', detail: 'stream without content' };
  return { content, sources: last.contrail?.sources?.length ?? 0, degradedTail: last.contrail?.degraded };
}

// → {outcome, detail?, content?, sources?}
export function classifyChat(res, stream, expectGrounded) {
  if (res.error) return { outcome: res.error, detail: res.detail };
  if (res.status !== 200) return classifyError(res);
  const type = res.headers.get('content-type') ?? '';
  const want = stream ? 'text/event-stream' : 'application/json';
  if (!type.startsWith(want)) return { outcome: 'bad', detail: `200 with content-type ${type}` };
  const got = stream ? classifyStream(res) : classifyCompletion(res);
  if (got.outcome) return got;
  const header = res.headers.get('x-degraded');
  if ((header !== null && header !== 'valkey') || (got.degradedTail !== undefined && got.degradedTail !== 'valkey')) {
    return { outcome: 'bad', detail: `unknown degradation: header ${header}, body ${got.degradedTail}` };
  }
  const cache = res.headers.get('x-cache');
  if (cache !== null && !['HIT', 'MISS', 'BYPASS'].includes(cache)) return { outcome: 'bad', detail: `X-Cache: ${cache}` };
  if (header === 'valkey' || got.degradedTail === 'valkey') return { outcome: 'degraded', content: got.content };
  if (expectGrounded && got.sources === 0) return { outcome: 'ungrounded', content: got.content };
  return { outcome: 'ok', content: got.content, sources: got.sources };
}

export function classifySearch(res) {
  if (res.error) return { outcome: res.error, detail: res.detail };
  if (res.status !== 200) return classifyError(res);
  const body = parseJson(res.text);
  if (!Array.isArray(body?.data)) return { outcome: 'bad', detail: `search 200 without data: ${res.text.slice(0, 200)}` };
  if (body.data.length === 0) return { outcome: 'ungrounded', detail: 'search found nothing' };
  return { outcome: 'ok' };
}

// The load. `deadlineMs(kind)` gives each request's client deadline; `model()` the model the
// next chat turn asks for (the driver switches it to the remote one for provider faults).
export class Load {
  constructor({ baseUrl, apiKey, clients, runTag, deadlineMs, model, turnsPerSession = 6, thinkMs = [20, 80] }) {
    Object.assign(this, { baseUrl, apiKey, clients, runTag, deadlineMs, model, turnsPerSession, thinkMs });
    this.records = [];
    this.stopping = false;
    this.loops = [];
    this.listeners = [];
  }

  start() {
    for (let i = 0; i < this.clients; i++) this.loops.push(this.client(i));
  }

  // Stops starting requests and waits for those in flight (each ends by its deadline).
  async stop() {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  // Calls fn(record) for every record from now on.
  onRecord(fn) {
    this.listeners.push(fn);
  }

  record(r) {
    this.records.push(r);
    for (const fn of this.listeners) fn(r);
  }

  headers() {
    return { 'content-type': 'application/json', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) };
  }

  async client(i) {
    const user = `${this.runTag}-c${i}`;
    let sessionCount = 0;
    let session = '';
    let turns = Infinity;
    let stored = 0;
    for (let n = i; !this.stopping; n++) {
      if (n % 5 === 4) {
        await this.search(n);
      } else {
        if (stored >= this.turnsPerSession || turns >= 3 * this.turnsPerSession) {
          sessionCount += 1;
          session = `${this.runTag}-c${i}-s${sessionCount}`;
          turns = 0;
          stored = 0;
        }
        turns += 1;
        const r = await this.chat(user, session, PROMPTS[n % PROMPTS.length], n % 3 === 2);
        if (r.outcome === 'ok' || r.outcome === 'ungrounded') stored += 1;
      }
      const [lo, hi] = this.thinkMs;
      await sleep(lo + Math.random() * (hi - lo));
    }
  }

  async chat(user, session, prompt, stream) {
    const model = this.model();
    const userContent = `${prompt.text} (ref ${tag()})`;
    const body = { model, user, metadata: { session_id: session }, stream, messages: [{ role: 'user', content: userContent }] };
    const deadline = this.deadlineMs(model);
    const start = Date.now();
    const res = await exchange(`${this.baseUrl}/v1/chat/completions`, { method: 'POST', headers: this.headers(), body: JSON.stringify(body) }, deadline);
    const end = Date.now();
    const c = classifyChat(res, stream, prompt.grounded && model === 'flightly-local');
    const r = { kind: stream ? 'stream' : 'chat', model, user, session, userContent, start, end, ms: end - start, deadline, status: res.status ?? 0, ...c };
    this.record(r);
    return r;
  }

  async search(n) {
    const body = { query: SEARCH_QUERIES[n % SEARCH_QUERIES.length], k: 3 };
    const deadline = this.deadlineMs('search');
    const start = Date.now();
    const res = await exchange(`${this.baseUrl}/v1/search`, { method: 'POST', headers: this.headers(), body: JSON.stringify(body) }, deadline);
    const end = Date.now();
    this.record({ kind: 'search', start, end, ms: end - start, deadline, status: res.status ?? 0, ...classifySearch(res) });
  }
}

// Reads back every session that has turns acknowledged as stored (outcome ok or ungrounded: 200
// without X-Degraded) and counts those missing, those stored with another answer, and those stored
// twice. Each session is read with up to `attempts` tries (its store may have just come back).
export async function accountTurns(baseUrl, apiKey, records, { attempts = 20, parallel = 6 } = {}) {
  const acked = records.filter((r) => (r.kind === 'chat' || r.kind === 'stream') && (r.outcome === 'ok' || r.outcome === 'ungrounded'));
  const bySession = new Map();
  for (const r of records.filter((x) => x.kind === 'chat' || x.kind === 'stream')) {
    const k = `${r.user}\n${r.session}`;
    if (!bySession.has(k)) bySession.set(k, { user: r.user, session: r.session, acked: [], all: [] });
    bySession.get(k).all.push(r);
  }
  for (const r of acked) bySession.get(`${r.user}\n${r.session}`).acked.push(r);
  const result = { acked: acked.length, lost: [], mismatched: [], duplicated: [], reordered: [], unreadable: [] };
  const sessions = [...bySession.values()];
  const headers = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  async function readSession(s) {
    for (let i = 0; i < attempts; i++) {
      const url = `${baseUrl}/v1/sessions/${encodeURIComponent(s.session)}/messages?user=${encodeURIComponent(s.user)}`;
      const res = await exchange(url, { headers }, 10_000);
      const body = res.status === 200 ? parseJson(res.text) : undefined;
      if (Array.isArray(body?.data)) return body.data;
      await sleep(250);
    }
    return undefined;
  }
  async function check(s) {
    const stored = await readSession(s);
    if (stored === undefined) {
      if (s.acked.length > 0) result.unreadable.push(s.session);
      return;
    }
    // The turns found, in the order they were sent, must be stored in that order.
    const positions = [];
    for (const r of s.all) {
      const at = stored.flatMap((m, i) => (m.role === 'user' && m.content === r.userContent ? [i] : []));
      if (at.length > 1) result.duplicated.push({ session: s.session, userContent: r.userContent, times: at.length });
      if (at.length > 0) positions.push({ at: at[0], r });
      if (!s.acked.includes(r)) continue;
      if (at.length === 0) {
        result.lost.push({ session: s.session, userContent: r.userContent, end: r.end });
        continue;
      }
      const answer = stored[at[0] + 1];
      if (answer?.role !== 'assistant' || answer.content !== r.content) {
        result.mismatched.push({ session: s.session, userContent: r.userContent, stored: answer?.content?.slice(0, 80), replied: r.content.slice(0, 80) });
      }
    }
    for (let i = 1; i < positions.length; i++) {
      if (positions[i].at < positions[i - 1].at) {
        const [before, after] = [positions[i - 1].r, positions[i].r];
        result.reordered.push({ session: s.session, sent: [before.userContent, after.userContent], outcomes: [before.outcome, after.outcome] });
      }
    }
  }
  for (let i = 0; i < sessions.length; i += parallel) await Promise.all(sessions.slice(i, i + parallel).map(check));
  return result;
}
