// run_query through the official MCP SDK client: calls/s and latency at concurrency 1 and 16,
// against `contrail mcp` (stdio), contrail's /mcp (streamable HTTP), and the npm reference
// @modelcontextprotocol/server-postgres (stdio, its `query` tool) on the same database and query.
//
//   node bench/mcp_query.mjs            (after ./scripts/run --detach and npm ci in test/e2e)
//   BENCH_SECONDS=10 node bench/mcp_query.mjs
//
// contrail runs with its tool-result cache (mcp.query_cache_ttl_s, the default) and without it
// (0): the uncached rows compare the servers' own work. Reads the stack's settings as
// ./scripts/run leaves them (.data/secrets.env, .data/contrail.key, Valkey on 7399, PostgreSQL on
// 7432) and starts its own two `contrail serve` on them, on free ports with the per-key rate
// limit off (the stack's server would answer 429 at this rate). Prints a Markdown table.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODULES = join(REPO, 'test/e2e/node_modules');
const { Client } = await import(join(MODULES, '@modelcontextprotocol/sdk/dist/esm/client/index.js'));
const { StdioClientTransport } = await import(join(MODULES, '@modelcontextprotocol/sdk/dist/esm/client/stdio.js'));
const { StreamableHTTPClientTransport } = await import(join(MODULES, '@modelcontextprotocol/sdk/dist/esm/client/streamableHttp.js'));

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const secrets = Object.fromEntries(readFileSync(join(REPO, '.data/secrets.env'), 'utf8').split('\n')
  .filter((l) => l.includes('=') && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const key = readFileSync(join(REPO, '.data/contrail.key'), 'utf8').trim();
const PG_PORT = process.env.CONTRAIL_PG_PORT ?? '7432';
const DB = process.env.CONTRAIL_PG_DATABASE ?? 'contrail';
const SQL = `SELECT origin, min(fare_cents) AS cheapest, count(*) AS flights FROM flights
  WHERE destination = 'HNL' AND depart_date BETWEEN '2027-03-01' AND '2027-03-31'
  GROUP BY origin ORDER BY cheapest LIMIT 10`;

// The application role, as contrail serve and contrail mcp connect.
const appEnv = { ...process.env, CONTRAIL_PG_HOST: '127.0.0.1', CONTRAIL_PG_PORT: PG_PORT, CONTRAIL_PG_DATABASE: DB,
  CONTRAIL_PG_USER: 'contrail_app', CONTRAIL_PG_PASSWORD: secrets.PG_APP_PASSWORD, CONTRAIL_LOG_LEVEL: 'warn',
  CONTRAIL_VALKEY_HOST: '127.0.0.1', CONTRAIL_VALKEY_PORT: process.env.CONTRAIL_VALKEY_PORT ?? '7399',
  CONTRAIL_VALKEY_USERNAME: 'contrail', CONTRAIL_VALKEY_PASSWORD: secrets.VALKEY_APP_PASSWORD };
process.removeAllListeners('warning');  // the SDK's HTTP transport adds an abort listener per call
const uncached = { CONTRAIL_MCP_QUERY_CACHE_TTL_S: '0' };

// A contrail serve on a free port: `env` over the application's settings.
async function serve(env) {
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
  const server = spawn(join(REPO, 'build/contrail'), ['serve'], { stdio: 'ignore',
    env: { ...appEnv, CONTRAIL_HTTP_PORT: String(port), CONTRAIL_LIMIT_KEY_REQUESTS_PER_MINUTE: '0', ...env } });
  process.on('exit', () => server.kill('SIGTERM'));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/readyz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return url;
}
const cachedUrl = await serve({});
const uncachedUrl = await serve(uncached);
const http = (url) => () => new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } });
const stdio = (env) => () => new StdioClientTransport({ command: join(REPO, 'build/contrail'), args: ['mcp'], env: { ...appEnv, ...env }, stderr: 'ignore' });
const targets = [
  { name: 'contrail mcp (stdio), no result cache', tool: 'run_query', transport: stdio(uncached) },
  { name: 'contrail /mcp (HTTP), no result cache', tool: 'run_query', transport: http(uncachedUrl) },
  { name: 'contrail mcp (stdio), result cache (default)', tool: 'run_query', transport: stdio({}) },
  { name: 'contrail /mcp (HTTP), result cache (default)', tool: 'run_query', transport: http(cachedUrl) },
  { name: '@modelcontextprotocol/server-postgres (stdio)', tool: 'query',
    transport: () => new StdioClientTransport({ command: process.execPath,
      args: [join(MODULES, '@modelcontextprotocol/server-postgres/dist/index.js'),
        `postgresql://contrail_app:${encodeURIComponent(secrets.PG_APP_PASSWORD)}@127.0.0.1:${PG_PORT}/${DB}`], stderr: 'ignore' }) },
];

function percentile(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]; }

async function run(target, concurrency) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(target.transport());
  const call = () => client.callTool({ name: target.tool, arguments: { sql: SQL } });
  const first = await call();
  if (first.isError) throw new Error(`${target.name}: ${first.content[0].text}`);
  for (let i = 0; i < 200; i++) await call();  // warm up
  const latencies = [];
  const end = performance.now() + SECONDS * 1000;
  async function worker() {
    while (performance.now() < end) {
      const t0 = performance.now();
      const r = await call();
      if (r.isError) throw new Error(r.content[0].text);
      latencies.push(performance.now() - t0);
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  await client.close();
  latencies.sort((a, b) => a - b);
  return { rate: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

console.log(`run_query through the MCP SDK client, ${SECONDS} s per row; query: cheapest March fares into HNL by origin\n`);
console.log('| server | c | calls/s | p50 ms | p99 ms |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const concurrency of [1, 16]) {
  for (const target of targets) {
    const r = await run(target, concurrency);
    console.log(`| ${target.name} | ${concurrency} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`);
  }
}
// The spawned servers keep the event loop alive, and they are stopped on 'exit': end explicitly.
process.exit(0);
