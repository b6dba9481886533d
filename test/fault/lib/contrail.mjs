// A contrail process under test — `contrail serve`, or `contrail worker` (the memory worker, which
// serves no HTTP) — started, killed and restarted by the fault driver (by its PID), with its log
// appended to one file, and the effective configuration it runs with (`contrail config`), from
// which the driver derives its deadlines.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// `contrail config` (TOML) → {section: {key: value}} for the scalar settings.
export function effectiveConfig(bin, env) {
  const text = execFileSync(bin, ['config'], { env, encoding: 'utf8' });
  const config = {};
  let section = config;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    const head = /^\[([A-Za-z0-9_.]+)\]$/.exec(line);
    if (head) {
      section = config[head[1]] ??= {};
      continue;
    }
    const kv = /^([A-Za-z0-9_]+)\s*=\s*(.+)$/.exec(line);
    if (!kv) continue;
    const v = kv[2];
    if (/^-?\d+(\.\d+)?$/.test(v)) section[kv[1]] = Number(v);
    else if (v === 'true' || v === 'false') section[kv[1]] = v === 'true';
    else if (/^".*"$/.test(v)) section[kv[1]] = v.slice(1, -1);
    else section[kv[1]] = v;
  }
  return config;
}

export class Contrail {
  // bin, port, env (the whole environment it runs with), logFile (appended to); args: the
  // subcommand (['serve'], or ['worker']: ready once it logs that its workers run).
  constructor({ bin, port, env, logFile, args = ['serve'] }) {
    Object.assign(this, { bin, port, env, logFile, args });
    this.url = `http://127.0.0.1:${port}`;
    this.child = null;
    this.exit = null;  // {code, signal} of the last process once it exited
  }

  get pid() {
    return this.child?.pid;
  }

  alive() {
    return this.child !== null && this.exit === null;
  }

  // Starts the process and waits until it is ready: /readyz answers 200, or a worker logged that
  // it runs (fails early if it exits).
  async start(timeoutMs = 60_000) {
    const fd = fs.openSync(this.logFile, 'a');
    const mark = `=== fault suite: contrail ${this.args.join(' ')} started ${new Date().toISOString()} ===`;
    fs.writeSync(fd, `\n${mark}\n`);
    this.exit = null;
    const child = spawn(this.bin, this.args, { env: this.env, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (this.child === child) this.exit = { code, signal };
        resolve({ code, signal });
      });
    });
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.exit) throw new Error(`contrail exited while starting (${JSON.stringify(this.exit)}):\n${this.logTail()}`);
      if (this.args[0] === 'worker') {
        const log = fs.readFileSync(this.logFile, 'utf8');
        if (log.slice(log.lastIndexOf(mark)).includes('memory workers running')) return Date.now() - started;
        await sleep(50);
        continue;
      }
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) return Date.now() - started;
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    throw new Error(`contrail was not ready within ${timeoutMs} ms:\n${this.logTail()}`);
  }

  // SIGKILL and wait for the exit.
  async kill() {
    this.child.kill('SIGKILL');
    return this.exited;
  }

  // SIGTERM; waits up to timeoutMs for the exit (then SIGKILL). → {code, signal, clean}.
  async stop(timeoutMs = 30_000) {
    if (!this.alive()) return { ...this.exit, clean: false };
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return { ...exit, clean: exit.code === 0 };
  }

  logTail(lines = 30) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  // Sanitizer reports in the whole log (a sanitizer build reports there, not in the exit alone).
  sanitizerReports() {
    try {
      const text = fs.readFileSync(this.logFile, 'utf8');
      return text.split('\n').filter((l) => /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/.test(l));
    } catch {
      return [];
    }
  }
}
