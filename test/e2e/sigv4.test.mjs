// contrail's SigV4 signer (net::SignV4, run as the test-only `sigv4_sign` tool) against the AWS
// SDK for JavaScript's own signer (@smithy/signature-v4): the same requests must get byte-identical
// Authorization headers. Covers what Bedrock needs (a JSON POST to a model path whose ':' is sent as
// %3A, temporary credentials) and the canonicalisation corners (query order and encoding, header
// case and whitespace, unsignable headers, path normalisation, non-default ports, UTF-8).
//
// Environment: CONTRAIL_SIGV4_SIGN, the path of the sigv4_sign executable (scripts/test sets it).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

const TOOL = process.env.CONTRAIL_SIGV4_SIGN;
const TIME = '2024-05-30T12:34:56Z';
const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example/token==';

// Signs with the SDK the way its Bedrock client does for a request as sent on the wire.
async function smithySign({ method, url, headers = {}, body = '', region, service, sessionToken }) {
  const u = new URL(url);
  const query = {};
  for (const [k, v] of u.searchParams) {
    if (k in query) query[k] = [].concat(query[k], v);
    else query[k] = v;
  }
  const request = new HttpRequest({
    method,
    protocol: u.protocol,
    hostname: u.hostname,
    port: u.port ? Number(u.port) : undefined,
    path: u.pathname,
    query,
    headers: { host: u.host, ...headers },
    body,
  });
  // applyChecksum off: services other than S3 do not send x-amz-content-sha256.
  const signer = new SignatureV4({
    credentials: { ...KEYS, sessionToken },
    region,
    service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(request, { signingDate: new Date(TIME) });
  return signed.headers.authorization;
}

function contrailSign({ method, url, headers = {}, body = '', region, service, sessionToken = '' }) {
  const input = JSON.stringify({
    method, url, headers, body, region, service, time: TIME,
    access_key_id: KEYS.accessKeyId, secret_access_key: KEYS.secretAccessKey, session_token: sessionToken,
  });
  const out = JSON.parse(execFileSync(TOOL, { input, encoding: 'utf8' }));
  return out;
}

const BEDROCK = 'https://bedrock-runtime.us-east-1.amazonaws.com';
const MODEL_PATH = '/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0';
const CONVERSE_BODY = JSON.stringify({
  messages: [{ role: 'user', content: [{ text: 'What is the most popular song on WZPZ?' }] }],
  system: [{ text: 'You are a radio assistant.' }],
  inferenceConfig: { maxTokens: 512, temperature: 0.5 },
});

const CASES = [
  {
    name: 'Bedrock Converse: JSON body, model id with ":" sent as %3A, session token',
    method: 'POST', url: `${BEDROCK}${MODEL_PATH}/converse`, region: 'us-east-1', service: 'bedrock',
    headers: { 'content-type': 'application/json', accept: 'application/json' }, body: CONVERSE_BODY, sessionToken: TOKEN,
  },
  {
    name: 'Bedrock ConverseStream with long-term keys',
    method: 'POST', url: `${BEDROCK}${MODEL_PATH}/converse-stream`, region: 'us-east-1', service: 'bedrock',
    headers: { 'content-type': 'application/json', accept: 'application/vnd.amazon.eventstream' }, body: CONVERSE_BODY,
  },
  {
    name: 'Titan embeddings InvokeModel in another region',
    method: 'POST', url: 'https://bedrock-runtime.eu-central-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke',
    region: 'eu-central-1', service: 'bedrock', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputText: 'Flights from Las Vegas to Honolulu in June', dimensions: 1024, normalize: true }),
    sessionToken: TOKEN,
  },
  {
    name: 'ARN model id (":" and "/" encoded in one segment)',
    method: 'POST',
    url: `${BEDROCK}/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.amazon.nova-pro-v1%3A0/converse`,
    region: 'us-east-1', service: 'bedrock', headers: { 'content-type': 'application/json' }, body: '{}',
  },
  {
    name: 'query parameters out of order, repeated, escaped and UTF-8',
    method: 'GET', url: 'https://example.amazonaws.com/items?zeta=1&Alpha=b%20c&alpha=%E1%88%B4&list=2&list=1&empty=&tilde=~x',
    region: 'us-west-2', service: 'service',
  },
  {
    name: 'header names in mixed case, padded values, an unsignable header',
    method: 'POST', url: 'https://example.amazonaws.com/', region: 'us-east-1', service: 'service',
    headers: { 'X-Custom-Header': '  a   b\tc  ', 'Content-Type': 'text/plain', 'user-agent': 'contrail-test' }, body: 'hello',
  },
  {
    name: 'non-default port, dot segments, double slashes and a UTF-8 path',
    method: 'GET', url: 'http://127.0.0.1:8123/a/./b/../c//d%C3%BC/', region: 'us-east-1', service: 'bedrock',
  },
];

test('CONTRAIL_SIGV4_SIGN names the sigv4_sign tool', () => {
  assert.ok(TOOL, 'CONTRAIL_SIGV4_SIGN is not set: build the sigv4_sign target and export its path');
});

for (const c of CASES) {
  test(`SigV4 matches @smithy/signature-v4: ${c.name}`, async () => {
    assert.ok(TOOL, 'CONTRAIL_SIGV4_SIGN is not set');
    const ours = contrailSign(c);
    const theirs = await smithySign(c);
    assert.equal(ours.headers.authorization, theirs, `canonical request was:\n${ours.canonical_request}`);
    assert.equal(ours.headers['x-amz-date'], '20240530T123456Z');
    assert.equal(ours.headers['x-amz-security-token'], c.sessionToken);
  });
}

test('the Bedrock canonical URI encodes the model id\'s %3A once more', () => {
  assert.ok(TOOL, 'CONTRAIL_SIGV4_SIGN is not set');
  const ours = contrailSign(CASES[0]);
  assert.equal(ours.canonical_request.split('\n')[1], '/model/us.anthropic.claude-sonnet-4-20250514-v1%253A0/converse');
});
