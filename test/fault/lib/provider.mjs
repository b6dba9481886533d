// A scripted OpenAI-compatible model provider (POST …/chat/completions, JSON or SSE) whose behaviour
// the fault driver switches while contrail calls it:
//
//   ok       a short answer (streamed in three chunks and [DONE] when asked to stream)
//   hang     reads the request and never answers; a stream gets its headers and one chunk, then
//            nothing (contrail's openai.timeout_ms must end both)
//   garbage  each request gets the next of: a 500 with an error body, a 200 that is not JSON, a
//            connection reset before any answer, a stream cut off before [DONE], a stream chunk
//            that is not JSON
import http from 'node:http';

export const REMOTE_MODEL = 'scripted-gpt';
export const REMOTE_ANSWER = 'Here is what the scripted provider says.';

const GARBAGE = ['status500', 'notJson', 'reset', 'truncatedStream', 'badChunk'];

function chunk(delta, finish = null) {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: 1, model: REMOTE_MODEL,
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;
}

function answerOk(res, stream) {
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id: 'chatcmpl-scripted', object: 'chat.completion', created: 1, model: REMOTE_MODEL,
      choices: [{ index: 0, message: { role: 'assistant', content: REMOTE_ANSWER }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 7, total_tokens: 17 },
    }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const words = REMOTE_ANSWER.split(/(?<= )/);
  const third = Math.ceil(words.length / 3);
  res.write(chunk({ role: 'assistant', content: words.slice(0, third).join('') }));
  res.write(chunk({ content: words.slice(third, 2 * third).join('') }));
  res.write(chunk({ content: words.slice(2 * third).join('') }, 'stop'));
  res.end('data: [DONE]\n\n');
}

function answerGarbage(kind, req, res, stream) {
  switch (kind) {
    case 'status500':
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"scripted internal error","type":"server_error"}}');
      return;
    case 'notJson':
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
      res.end(stream ? 'data: {"id":"chatcmpl-scripted","choices":[{"delta":' : '{"id":"chatcmpl-scripted","choices":[{"mess');
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'truncatedStream':
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
      if (stream) res.write(chunk({ role: 'assistant', content: 'Here is ' }));
      else res.write('{"id":"chatcmpl-scripted","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Here');
      // Cut the connection mid-body: no [DONE], no end of the chunked body.
      setTimeout(() => req.socket.destroy(), 20);
      return;
    case 'badChunk':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${chunk({ role: 'assistant', content: 'Here ' })}data: {not json at all\n\ndata: [DONE]\n\n`);
      return;
    default:
      throw new Error(`unknown garbage ${kind}`);
  }
}

// Starts the provider on a free loopback port. Returns {port, setMode(mode), stats, close()}.
export async function startProvider() {
  let mode = 'ok';
  let garbageIndex = 0;
  const stats = { requests: 0, byMode: {} };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      stats.requests += 1;
      stats.byMode[mode] = (stats.byMode[mode] ?? 0) + 1;
      let stream = false;
      try {
        stream = JSON.parse(body).stream === true;
      } catch { /* contrail always sends JSON; answer as if not streamed */ }
      if (mode === 'ok') return answerOk(res, stream);
      if (mode === 'hang') {
        if (stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(chunk({ role: 'assistant', content: 'Let me ' }));
        }
        return undefined;  // and nothing more: contrail's timeout must end it
      }
      const kind = GARBAGE[garbageIndex % GARBAGE.length];
      garbageIndex += 1;
      return answerGarbage(kind, req, res, stream);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    stats,
    setMode(next) {
      mode = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
