// Issue 11: multi-turn conversations with flightly-local through /v1/chat/completions, each turn
// sending only its new message while the server keeps the session (X-User-Id / X-Session-Id), on
// the shipped knowledge. Corrections replace slots, questions about the conversation are answered
// from it, follow-ups keep their topic, someone else's party is not the traveller's, questions
// outside travel are declined and gibberish is not understood (neither searched), and a question
// in another language gets a note in that language. Assertions are on content only, never timing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MODEL, openai, request, uid, userMsg } from './lib/contrail.mjs';

// A session of one user through an unchanged OpenAI client: ask(text) sends the new message and
// returns {answer, sources} (sources: the documents the turn cited, [] when it searched nothing).
function conversation(user = uid('conv')) {
  const client = openai({ defaultHeaders: { 'X-User-Id': user, 'X-Session-Id': uid('sid') } });
  return {
    user,
    async ask(text) {
      const c = await client.chat.completions.create({ model: MODEL, messages: [userMsg(text)] });
      const answer = c.choices[0].message.content;
      assert.equal(typeof answer, 'string');
      assert.ok(answer.length > 0, `empty answer to ${text}`);
      return { answer, sources: (c.contrail?.sources ?? []).map((s) => s.document_id) };
    },
  };
}

test('a correction replaces the destination, month and party instead of adding an origin', async () => {
  const chat = conversation();
  await chat.ask('flights from Boston to Cancun in March for 2 adults');
  const tokyo = await chat.ask("forget Cancun, let's do Tokyo instead");
  assert.match(tokyo.answer, /flights from Boston \(BOS\) to Tokyo \(HND\) in March for 2 adults/);
  assert.doesNotMatch(tokyo.answer, /from Cancun/);
  const april = await chat.ask('actually, make it April');
  assert.match(april.answer, /to Tokyo \(HND\) in April for 2 adults/);
  const lisbon = await chat.ask('not Tokyo, Lisbon');
  assert.match(lisbon.answer, /flights from Boston \(BOS\) to Lisbon \(LIS\) in April/);
  assert.doesNotMatch(lisbon.answer, /from Tokyo/);
  const party = await chat.ask('change it to 3 adults');
  assert.match(party.answer, /to Lisbon \(LIS\) in April for 3 adults/);
  // The count a message rejects says what its bare number counts.
  const four = await chat.ask("instead of 3 adults it's 4");
  assert.match(four.answer, /to Lisbon \(LIS\) in April for 4 adults/);
});

test('a place that corrects the one before keeps the service asked about', async () => {
  const chat = conversation();
  await chat.ask("What's the pet fee to fly my cat in the cabin from Seattle to Denver?");
  const paris = await chat.ask("sorry, it's to Paris, not Denver");
  assert.equal(paris.sources[0], 'policies/pets.md', paris.answer);
  assert.doesNotMatch(paris.answer, /Paris travel guide|Looking for flights/, paris.answer);
});

test('questions about the conversation are answered from it, even past the history a turn loads', async () => {
  const chat = conversation();
  await chat.ask('hi there');
  await chat.ask('can I bring my dog in the cabin?');
  await chat.ask('flights from Boston to Cancun in March');
  await chat.ask('hotels there under $200 a night');
  await chat.ask("forget Cancun, let's do Lisbon instead");
  await chat.ask('is there wifi on board?');
  const where = await chat.ask('where did I say I wanted to go?');
  assert.match(where.answer, /"forget Cancun, let's do Lisbon instead"/);
  assert.match(where.answer, /Lisbon \(LIS\)/);
  const budget = await chat.ask('what did I say about my budget?');
  assert.match(budget.answer, /"hotels there under \$200 a night"/);
  const last = await chat.ask('what was my last question?');
  assert.match(last.answer, /"what did I say about my budget\?"/);
  // More turns than the server loads into a turn (chat.history_context, 20 messages).
  for (let k = 0; k < 10; k += 1) await chat.ask('what is the weather like there in May?');
  const first = await chat.ask('what did I ask first?');
  assert.match(first.answer, /"can I bring my dog in the cabin\?"/);
  assert.doesNotMatch(first.answer, /weather|hi there/);
  // The message that named Lisbon is no longer loaded; the session's trip still is.
  const whereNow = await chat.ask('where did I say I wanted to go?');
  assert.match(whereNow.answer, /Lisbon \(LIS\)/);
  assert.doesNotMatch(whereNow.answer, /weather/);
  for (const turn of [first, where, budget, last, whereNow]) assert.deepEqual(turn.sources, []);
});

test("a pet's weight follow-up stays about pets and is searched with the pets topic", async () => {
  const chat = conversation();
  await chat.ask('can I bring my dog?');
  const weight = await chat.ask('what if he weighs 12 kg?');
  assert.ok(weight.sources.includes('policies/pets.md'), `sources: ${weight.sources.join()}`);
  assert.match(weight.answer, /pet|dog/i);
  assert.doesNotMatch(weight.answer, /change fee/i);
});

test("the cost of a service asks about that service, not the trip's budget", async () => {
  const chat = conversation();
  await chat.ask('can my 8 year old fly alone?');
  const cost = await chat.ask('how much does that service cost?');
  assert.ok(cost.sources.includes('policies/minors.md'), `sources: ${cost.sources.join()}`);
  assert.doesNotMatch(cost.answer, /You haven't told me a budget|make it go further/i);
  const wifi = await conversation().ask('how much does the wifi cost?');
  assert.doesNotMatch(wifi.answer, /You haven't told me a budget|make it go further/i);
});

test("someone else's party does not replace the profile's, and a partner is two adults", async () => {
  const user = uid('party');
  const put = await request('PUT', `/v1/users/${user}/profile`, {
    json: { name: 'Ana', adults: '2', kids_ages: '4,8', home_airport: 'LAS' },
  });
  assert.ok(put.status === 200 || put.status === 204, `profile PUT: ${put.status} ${put.text}`);
  const chat = conversation(user);
  await chat.ask('my friend went to Bali with her 3 kids');
  const bali = await chat.ask('flights to Bali in July');
  assert.match(bali.answer, /for 2 adults and 2 kids \(ages 4 and 8\)/);
  assert.doesNotMatch(bali.answer, /3 kids/);

  const couple = await conversation().ask('planning a trip to Paris with my wife');
  assert.match(couple.answer, /trip to Paris \(CDG\) for 2 adults\./);
  assert.doesNotMatch(couple.answer, /family trip|children under 12 sit next to an adult/i);
});

test('questions outside travel get a polite decline and search nothing; thanks is still thanks', async () => {
  const chat = conversation();
  await chat.ask('flights from Denver to Maui');
  for (const q of ['who won the world cup?', 'write me a poem', 'what is 17*23?', 'great, write me a poem']) {
    const r = await chat.ask(q);
    assert.match(r.answer, /outside what I can help with/, q);
    assert.match(r.answer, /flights and hotels/, q);
    assert.doesNotMatch(r.answer, /You're welcome/, q);
    assert.deepEqual(r.sources, [], q);
  }
  const thanks = await chat.ask('thanks!');
  assert.match(thanks.answer, /You're welcome/);
  const june = await chat.ask('what about in June?');
  assert.match(june.answer, /from Denver \(DEN\) to Maui \(OGG\) in June/);
});

test('gibberish is not understood, gets example questions and searches nothing', async () => {
  const chat = conversation();
  await chat.ask('can I bring my dog?');
  for (const q of ['asdkjh qwe zzz', '😀😀', '???']) {
    const r = await chat.ask(q);
    assert.match(r.answer, /^I did not understand/, q);
    assert.match(r.answer, /"can I bring my dog in the cabin\?"/, q);
    assert.deepEqual(r.sources, [], q);
  }
});

test('a question in Spanish, French, German or Portuguese gets a note in its language and the answer', async () => {
  const cases = [
    ['¿Puedo llevar mi perro en el avión?', /^Nota: soy el modelo sin conexión de Flightly/, /cualquier idioma/],
    ['Est-ce que je peux voyager avec mon chien ?', /^Remarque : je suis le modèle hors ligne/, /n'importe quelle langue/],
    ['Kann ich meinen Hund mitnehmen?', /^Hinweis: Ich bin das Offline-Modell/, /jeder Sprache/],
    ['Posso levar o meu cachorro no avião?', /^Nota: sou o modelo offline da Flightly/, /qualquer idioma/],
  ];
  for (const [question, note, anyLanguage] of cases) {
    const r = await conversation().ask(question);
    assert.match(r.answer, note, question);
    assert.match(r.answer, anyLanguage, question);
    assert.ok(r.sources.includes('policies/pets.md'), `${question}: sources ${r.sources.join()}`);
  }
  const unknown = await conversation().ask('Bonjour, je voudrais parler de la philosophie');
  assert.match(unknown.answer, /^Remarque : /);
  assert.match(unknown.answer, /Please ask me in English/);
  assert.deepEqual(unknown.sources, []);
});

test('a follow-up that points back is searched with the question it follows, not answered with a budget', async () => {
  const chat = conversation();
  await chat.ask('how is the weather in Banff in late September?');
  await chat.ask('do I need a pass to drive in the park?');
  const cost = await chat.ask('how much is it?');
  assert.ok(cost.sources.includes('guides/banff-calgary.md'), `sources: ${cost.sources.join()}`);
  assert.match(cost.answer, /Parks Canada|CAD/);
  assert.doesNotMatch(cost.answer, /You haven't told me a budget|make it go further/i);
  const start = await chat.ask('and what did I ask at the very start?');
  assert.match(start.answer, /"how is the weather in Banff in late September\?"/);
});

test('a question about something at a place is answered from its guide, not with a flight search', async () => {
  const chat = conversation();
  const whales = await chat.ask('When can I see whales near Cape Town?');
  assert.ok(whales.sources.includes('guides/cape-town.md'), `sources: ${whales.sources.join()}`);
  assert.match(whales.answer, /June/);
  assert.doesNotMatch(whales.answer, /Looking for flights|Where will you fly from|Fares to CPT/);
  // A bare place still starts a flight search.
  const trip = await conversation().ask('flights to Cape Town in June');
  assert.match(trip.answer, /flights to Cape Town \(CPT\)/);
  // A question with a subject of its own about a flight with no place to search is not a search.
  const skip = await conversation().ask('What happens if I skip my outbound flight?');
  assert.doesNotMatch(skip.answer, /Where would you like to fly/);
});
