// Node.js baseline for bench/http_load.sh: the chat turn's read path "written the ordinary way".
// One process (no cluster), node:http + one ioredis client with default options (no
// enableAutoPipelining). Per POST /v1/chat/completions it reads the JSON body, validates `user`
// and `metadata.session_id`, then reads profile, history and state with Promise.all over that one
// client (three commands in flight at once, each its own write on the socket; the replies come
// back in order), JSON.parses every history element and answers an OpenAI chat.completion with a
// fixed content string. No model, no history write: strictly less work than contrail's turn.
//
//   PORT=8081 VALKEY_PORT=6379 node bench/node-baseline/server.mjs
// Env: PORT (8081), VALKEY_PORT (6379), HISTORY_N (20). Binds 127.0.0.1 only.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

const PORT = Number(process.env.PORT ?? 8081);
const VALKEY_PORT = Number(process.env.VALKEY_PORT ?? 6379);
const HISTORY_N = Number(process.env.HISTORY_N ?? 20);
const MAX_BODY = 1 << 20;
const ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const REPLY = 'This is the Node.js baseline: a fixed answer, no model was called.';

const valkey = new Redis({ host: '127.0.0.1', port: VALKEY_PORT, lazyConnect: false });
valkey.on('error', (err) => console.error(`valkey: ${err.message}`));

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function sendError(res, status, message, code, param = null) {
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  send(res, status, { error: { message, type, param, code } });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function chatCompletions(req, res) {
  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch (err) {
    if (err.status === 413) return sendError(res, 413, err.message, 'payload_too_large');
    return sendError(res, 400, 'request body is not valid JSON', 'invalid_json');
  }
  if (body === null || typeof body !== 'object') {
    return sendError(res, 400, 'request body must be a JSON object', 'invalid_value');
  }
  const user = body.user;
  const session = body.metadata?.session_id;
  if (typeof user !== 'string' || !ID_RE.test(user)) {
    return sendError(res, 400, 'user must match [A-Za-z0-9_.:-]{1,128}', 'invalid_value', 'user');
  }
  if (typeof session !== 'string' || !ID_RE.test(session)) {
    return sendError(res, 400, 'metadata.session_id must match [A-Za-z0-9_.:-]{1,128}',
                     'invalid_value', 'metadata.session_id');
  }

  // The ordinary way: Promise.all of three commands over the one shared client.
  const tag = `{u:${user}}`;
  // profile and state are read but not used: there is no model to hand them to.
  let profile, rawHistory, state;
  try {
    [profile, rawHistory, state] = await Promise.all([
      valkey.hgetall(`${tag}:profile`),
      valkey.lrange(`${tag}:s:${session}:msgs`, -HISTORY_N, -1),
      valkey.get(`${tag}:s:${session}:state`),
    ]);
  } catch (err) {
    return sendError(res, 502, `valkey: ${err.message}`, 'upstream_error');
  }
  const history = [];
  for (const item of rawHistory) {
    try {
      history.push(JSON.parse(item));
    } catch {
      // skip an undecodable element, as contrail does
    }
  }

  // prompt_tokens counts messages (history + request), so a check can see the history was read.
  const promptTokens = history.length + (Array.isArray(body.messages) ? body.messages.length : 0);
  send(res, 200, {
    id: `chatcmpl-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: typeof body.model === 'string' ? body.model : 'node-baseline',
    choices: [{
      index: 0,
      message: { role: 'assistant', content: REPLY, refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    }],
    usage: { prompt_tokens: promptTokens, completion_tokens: 12, total_tokens: promptTokens + 12 },
    system_fingerprint: null,
  });
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?', 1)[0];
  if (path === '/healthz') {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, 405, 'method not allowed', 'method_not_allowed');
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 3 });
    return res.end('ok\n');
  }
  if (path === '/v1/chat/completions') {
    if (req.method !== 'POST') return sendError(res, 405, 'method not allowed', 'method_not_allowed');
    chatCompletions(req, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) sendError(res, 500, 'internal error', 'internal_error');
      else res.destroy();
    });
    return;
  }
  req.resume();
  sendError(res, 404, 'not found', 'not_found');
});

server.listen(PORT, '127.0.0.1', () => {
  console.error(`node-baseline listening on 127.0.0.1:${PORT}, valkey 127.0.0.1:${VALKEY_PORT}`);
});

function shutdown() {
  server.close();
  server.closeIdleConnections?.();
  valkey.quit().catch(() => valkey.disconnect()).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
