// `contrail ingest` (the binary under test, CONTRAIL_BIN) into the running server's database, seen
// through POST /v1/search: plain Markdown, HTML and text without front matter, a second folder that
// leaves the first one's documents and the shipped knowledge base in place, and a prune of more
// than half of a source that fails without --yes and deletes nothing. Each folder is its own
// source; the last test (and `after`, should a test fail first) empties them again, so the other
// files see the shipped knowledge base only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { answerOf, chat, request, uid, userMsg } from './lib/contrail.mjs';

const BIN = process.env.CONTRAIL_BIN;
const skip = BIN ? false : 'CONTRAIL_BIN (the contrail binary under test) is not set';

// `contrail ingest ARGS…` with the suite's environment (its PostgreSQL and Valkey) and no terminal
// on stdin, as in CI. Returns {status, stdout, stderr}.
function ingest(...args) {
  const r = spawnSync(BIN, ['ingest', ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const search = (json) => request('POST', '/v1/search', { json });

// The hits of `query` among documents of `doc_type`, by document id: {id: {title, doc_type}}.
async function found(query, doc_type) {
  const res = await search({ query, k: 10, filters: { doc_type } });
  assert.equal(res.status, 200, res.text);
  return Object.fromEntries(res.body.data.map((h) => [h.document_id, { title: h.metadata.title, doc_type: h.metadata.doc_type }]));
}

// Two folders, each a source named by --source. The first folder is called field_notes, so that
// is its files' doc_type; the second's comes from --doc-type. Documents sit in a subfolder named
// after this run, so their ids (paths relative to the folder) are this run's own.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'contrail-e2e-ingest-'));
const tag = uid('ingest');
const first = { dir: path.join(root, 'field_notes'), source: `${tag}-notes` };
const second = { dir: path.join(root, 'second'), source: `${tag}-memos` };
const id = (name) => `${tag}/${name}`;

function write(folder, name, text) {
  fs.mkdirSync(path.join(folder.dir, tag), { recursive: true });
  fs.writeFileSync(path.join(folder.dir, tag, name), text);
}

// Ingests an empty folder as `source` with --yes: every document of the source goes.
function emptySource(source) {
  const empty = fs.mkdtempSync(path.join(root, 'empty-'));
  return ingest(empty, '--source', source, '--yes');
}

before(() => {
  write(first, 'lounges.md', '# Quokka lounge guide\n\nThe zebrafinch lounge at gate Q9 serves pancakes all night.\n');
  write(first, 'gates.html',
    '<html><head><title>Flightly | Gates</title></head><body><h1>Gate changes at Xylotown</h1>' +
    '<p>Marimbaphone announcements tell you when a gate changes.</p></body></html>');
  write(first, 'packing.txt', 'Packing list for Quuxville\n\nBring a waterproof gondolier hat and two adapters.\n');
  write(second, 'memo.md', 'Crew memo: the tamarillo snack box replaces the pretzels on short flights.\n');
});

after(() => {
  if (BIN) for (const { source } of [first, second]) emptySource(source);
  fs.rmSync(root, { recursive: true, force: true });
});

test('plain files without front matter ingest with --source and are found with their title and doc_type', { skip }, async () => {
  const r = ingest(first.dir, '--source', first.source);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /3 files: 0 unchanged, 3 added/);
  const hits = await found('marimbaphone gate announcements', 'field_notes');
  assert.deepEqual(hits[id('gates.html')], { title: 'Gate changes at Xylotown', doc_type: 'field_notes' });
  assert.deepEqual(hits[id('packing.txt')], { title: 'Packing list for Quuxville', doc_type: 'field_notes' });
  assert.deepEqual(hits[id('lounges.md')], { title: 'Quokka lounge guide', doc_type: 'field_notes' });

  const again = ingest(first.dir, '--source', first.source);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /3 files: 3 unchanged, 0 added, 0 updated, 0 deleted; 0 chunks written/);
});

// A chat turn's search is cached (cache/retrieval_cache.h); an ingest that changes a document starts
// a new knowledge generation, so the same question is answered from the new text at once.
test('a re-ingested document is answered from its new text at once, not from a cached search or answer', { skip }, async () => {
  const question = 'what does the zebrafinch lounge at gate Q9 serve?';
  const ask = async (headers = {}) => {
    const res = await chat({ messages: [userMsg(question)] }, { 'x-user-id': uid('ingest'), ...headers });
    return { answer: answerOf(res), cache: res.headers.get('x-cache') };
  };
  const retrievalHits = async () => {
    const res = await request('GET', '/metrics');
    const m = res.text.match(/^contrail_retrieval_cache_lookups_total\{result="hit"\} (\d+)$/m);
    return m ? Number(m[1]) : 0;
  };
  const before = await ask();
  assert.match(before.answer, /pancakes/, before.answer);
  assert.equal(before.cache, 'MISS');
  // Past the answer cache (no-cache), the search is the cached one.
  const hits = await retrievalHits();
  assert.match((await ask({ 'cache-control': 'no-cache' })).answer, /pancakes/);
  assert.ok((await retrievalHits()) > hits, 'the second ask was not served by the cached search');
  // The answer itself is cached, tagged with its document.
  const cached = await ask();
  assert.equal(cached.cache, 'HIT');
  assert.match(cached.answer, /pancakes/);
  write(first, 'lounges.md', '# Quokka lounge guide\n\nThe zebrafinch lounge at gate Q9 serves waffles all night.\n');
  const r = ingest(first.dir, '--source', first.source);
  assert.equal(r.status, 0, r.stderr);
  const after = await ask();
  assert.equal(after.cache, 'MISS', 're-ingesting the document dropped its cached answers');
  assert.match(after.answer, /waffles/, after.answer);
  assert.doesNotMatch(after.answer, /pancakes/, after.answer);
});

test('a second folder leaves the first folder and the shipped knowledge base in place', { skip }, async () => {
  const r = ingest(second.dir, '--source', second.source, '--doc-type', 'memo');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 files: 0 unchanged, 1 added, 0 updated, 0 deleted/);
  // No heading in a Markdown file: the file name is the title.
  assert.deepEqual(await found('tamarillo snack box', 'memo'), { [id('memo.md')]: { title: 'memo', doc_type: 'memo' } });
  assert.equal(Object.keys(await found('lounges gates packing', 'field_notes')).length, 3);
  const shipped = await search({ query: 'SPRINGHNL27', mode: 'hybrid', k: 3 });
  assert.equal(shipped.status, 200, shipped.text);
  assert.equal(shipped.body.data[0].document_id, 'promotions/spring-break-honolulu.md', shipped.text);
  const pets = await search({ query: 'travelling with a dog in the cabin', k: 10, filters: { doc_type: 'policy' } });
  assert.ok(pets.body.data.some((h) => h.document_id === 'policies/pets.md'), pets.text);
});

test('pruning more than half of a source without --yes fails with exit code 2 and deletes nothing', { skip }, async () => {
  fs.rmSync(path.join(first.dir, tag, 'gates.html'));
  fs.rmSync(path.join(first.dir, tag, 'packing.txt'));
  const r = ingest(first.dir, '--source', first.source);
  assert.equal(r.status, 2, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /delete 2 of 3 documents of source .*--yes; nothing was changed/);
  assert.equal(Object.keys(await found('lounges gates packing', 'field_notes')).length, 3);
});

test('an id already in another source is refused, naming both sources', { skip }, async () => {
  write(second, 'lounges.md', '# Not the first folder\n');
  const r = ingest(second.dir, '--source', second.source, '--doc-type', 'memo');
  assert.equal(r.status, 2, `${r.stdout}\n${r.stderr}`);
  assert.ok(r.stderr.includes(`'${first.source}'`) && r.stderr.includes(`'${second.source}'`), r.stderr);
  assert.deepEqual(Object.keys(await found('not the first folder', 'memo')), [id('memo.md')]);
  assert.equal((await found('quokka lounge', 'field_notes'))[id('lounges.md')]?.title, 'Quokka lounge guide');
});

test('an empty folder with --yes removes its source and only that', { skip }, async () => {
  for (const { source } of [first, second]) {
    const r = emptySource(source);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /0 files: .* [1-3] deleted/);
  }
  assert.deepEqual(await found('lounges gates packing', 'field_notes'), {});
  assert.deepEqual(await found('tamarillo snack box', 'memo'), {});
  const shipped = await search({ query: 'SPRINGHNL27', mode: 'hybrid', k: 3 });
  assert.equal(shipped.body.data[0].document_id, 'promotions/spring-break-honolulu.md', shipped.text);
});
