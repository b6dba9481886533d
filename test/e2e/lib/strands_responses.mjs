// Strands Agents TS with its default OpenAI model (the Responses API) and one tool, against
// contrail: run by responses_sdks.test.mjs with the node 22 that test/e2e ships (the SDK needs
// node >= 22). Prints one JSON line: the agent's answer and the tool calls it ran.
//   node lib/strands_responses.mjs URL KEY USER QUESTION
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [url, key, user, question] = process.argv.slice(2);
const MODULES = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');
const { Agent, FunctionTool } = await import(join(MODULES, '@strands-agents/sdk/dist/src/index.node.js'));
const { OpenAIModel } = await import(join(MODULES, '@strands-agents/sdk/dist/src/models/openai/index.js'));

const calls = [];
const getWeather = new FunctionTool({
  name: 'get_weather',
  description: 'Typical weather at a place (an airport code) in a month (1-12).',
  inputSchema: { type: 'object', properties: { location: { type: 'string' }, month: { type: 'integer' } }, required: ['location'] },
  callback: (input) => {
    calls.push(input);
    return JSON.stringify({ location: input.location, month: input.month, summary: 'sunny and 27 C, a light trade wind' });
  },
});
const model = new OpenAIModel({
  modelId: 'flightly-local', apiKey: key,
  clientConfig: { baseURL: `${url}/v1`, defaultHeaders: { 'x-user-id': user }, maxRetries: 0, timeout: 30_000 },
});
const agent = new Agent({ model, tools: [getWeather], printer: false });
const result = await agent.invoke(question);
const text = result.lastMessage.content.filter((b) => b.type === 'textBlock').map((b) => b.text).join('');
process.stdout.write(`${JSON.stringify({ text, calls, stopReason: result.stopReason })}\n`);
