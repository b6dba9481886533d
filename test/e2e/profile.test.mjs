// Profiles: a Valkey hash {u:ID}:profile of string fields. PUT replaces, PATCH merges, null deletes a
// field, GET reads, DELETE removes; every turn of the user is personalised with it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MODEL, answerOf, assertApiError, chat, keys, openai, request, uid, userMsg, valkey } from './lib/contrail.mjs';

const path = (user) => `/v1/users/${user}/profile`;
const put = (user, profile) => request('PUT', path(user), { json: profile });
const patch = (user, fields) => request('PATCH', path(user), { json: fields });

// GET the profile and return its fields, asserting the {"user", "profile"} shape.
async function getProfile(user) {
  const res = await request('GET', path(user));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body?.user, user, res.text);
  assert.equal(typeof res.body?.profile, 'object', res.text);
  return res.body.profile;
}

function assertOk(res) {
  assert.ok(res.status === 200 || res.status === 204, `${res.status} ${res.text}`);
}

test('PUT stores the profile as a Valkey hash and GET returns it', async () => {
  const user = uid('prof');
  const profile = { name: 'Ana Lima', email: 'ana@example.com', adults: '2', kids_ages: '4,8', home_airport: 'LAS' };
  assertOk(await put(user, profile));
  assert.deepEqual(await getProfile(user), profile);
  assert.equal(valkey.type(keys.profile(user)), 'hash');
  assert.deepEqual(valkey.hgetall(keys.profile(user)), profile);
});

test('PUT replaces the whole profile', async () => {
  const user = uid('prof');
  assertOk(await put(user, { name: 'Ana', seat: 'window', budget_usd: '900' }));
  assertOk(await put(user, { name: 'Ana B', interests: 'beaches' }));
  assert.deepEqual(await getProfile(user), { name: 'Ana B', interests: 'beaches' });
  assert.deepEqual(valkey.hgetall(keys.profile(user)), { name: 'Ana B', interests: 'beaches' });
});

test('PATCH merges fields and a null value deletes a field', async () => {
  const user = uid('prof');
  assertOk(await put(user, { name: 'Ana', seat: 'window', avoid_airlines: 'XX' }));
  assertOk(await patch(user, { seat: 'aisle', budget_usd: '300' }));
  assert.deepEqual(await getProfile(user), { name: 'Ana', seat: 'aisle', avoid_airlines: 'XX', budget_usd: '300' });
  assertOk(await patch(user, { avoid_airlines: null, interests: 'outdoors' }));
  const expected = { name: 'Ana', seat: 'aisle', budget_usd: '300', interests: 'outdoors' };
  assert.deepEqual(await getProfile(user), expected);
  assert.deepEqual(valkey.hgetall(keys.profile(user)), expected);
});

test('PATCH on a user without a profile creates it', async () => {
  const user = uid('prof');
  assertOk(await patch(user, { home_airport: 'LAS' }));
  assert.deepEqual(await getProfile(user), { home_airport: 'LAS' });
});

test('DELETE removes the profile', async () => {
  const user = uid('prof');
  assertOk(await put(user, { name: 'Ana', budget_usd: '300' }));
  assertOk(await request('DELETE', path(user)));
  assert.equal(valkey.exists(keys.profile(user)), false, 'profile hash still in Valkey');
  assert.deepEqual(await getProfile(user), {});
});

test('GET of a user that never had a profile is an empty profile, and creates nothing', async () => {
  const user = uid('prof');
  assert.deepEqual(await getProfile(user), {});
  assert.equal(valkey.exists(keys.profile(user)), false);
});

test('a rejected PUT leaves the stored profile as it was (validated before writing)', async () => {
  const user = uid('prof');
  const profile = { name: 'Ana', budget_usd: '300' };
  assertOk(await put(user, profile));
  assertApiError(await put(user, { name: 'Mallory', budget_usd: { amount: 1 } }), 400);
  assertApiError(await patch(user, { name: 'Mallory', notes: 'x'.repeat(2048) }), 400);
  assert.deepEqual(valkey.hgetall(keys.profile(user)), profile);
});

test('64 fields and 1 KiB values are accepted', async () => {
  const user = uid('prof');
  const profile = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`f${i}`, `v${i}`]));
  profile.f0 = 'x'.repeat(1024);
  assertOk(await put(user, profile));
  assert.deepEqual(valkey.hgetall(keys.profile(user)), profile);
});

const HONOLULU = 'what should we do in Honolulu?';

test('the profile personalises answers: kids ages and budget show up', async () => {
  const user = uid('pers');
  assertOk(await put(user, { kids_ages: '4,8', interests: 'outdoors', budget_usd: '300' }));
  const c = await openai().chat.completions.create({ model: MODEL, messages: [userMsg(HONOLULU)], user });
  const answer = c.choices[0].message.content;
  assert.match(answer, /\b4\b/, answer);
  assert.match(answer, /\b8\b/, answer);
  assert.match(answer, /\b300\b/, answer);
});

test('without a profile the same question is not personalised', async () => {
  const answer = answerOf(await chat({ messages: [userMsg(HONOLULU)], user: uid('nopers') }));
  assert.doesNotMatch(answer, /\b300\b/, answer);
});

test('every turn uses the current profile (in a session, after a PATCH)', async () => {
  const user = uid('pers');
  const headers = { 'X-User-Id': user, 'X-Session-Id': uid('sid') };
  assertOk(await put(user, { kids_ages: '4,8', interests: 'outdoors', budget_usd: '300' }));
  const first = answerOf(await chat({ messages: [userMsg(HONOLULU)] }, headers));
  assert.match(first, /\b300\b/, first);
  assertOk(await patch(user, { budget_usd: '450', kids_ages: '6,11' }));
  const second = answerOf(await chat({ messages: [userMsg(HONOLULU)] }, headers));
  assert.match(second, /\b450\b/, second);
  assert.match(second, /\b11\b/, second);
});

test("one user's profile never reaches another user's answer", async () => {
  const alice = uid('alice');
  assertOk(await put(alice, { kids_ages: '4,8', budget_usd: '777' }));
  const a = answerOf(await chat({ messages: [userMsg(HONOLULU)], user: alice }));
  assert.match(a, /\b777\b/, a);
  const b = answerOf(await chat({ messages: [userMsg(HONOLULU)], user: uid('bob') }));
  assert.doesNotMatch(b, /\b777\b/, b);
});
