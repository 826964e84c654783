// Calls the server at BASE_URL with the official openai SDK and prints one JSON line of what it got back.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.BASE_URL, apiKey: 'sk-test', maxRetries: 2 });
const result = {};

const chat = await client.chat.completions.create({
  model: 'test-model', messages: [{ role: 'user', content: 'hello sdk' }],
});
result.chat = chat.choices[0].message.content;
result.chatUsage = chat.usage.total_tokens;

const stream = await client.chat.completions.create({
  model: 'test-model', messages: [{ role: 'user', content: 'streamed hello' }], stream: true,
  stream_options: { include_usage: true },
});
let text = '';
for await (const chunk of stream) {
  text += chunk.choices[0]?.delta?.content ?? '';
  if (chunk.usage) result.streamUsage = chunk.usage.completion_tokens;
}
result.stream = text;

const completion = await client.completions.create({ model: 'test-model', prompt: 'complete me' });
result.completion = completion.choices[0].text;

const embeddings = await client.embeddings.create({ model: 'test-model', input: ['a', 'b'] });
result.embeddings = embeddings.data.map(d => d.embedding.length);

const models = await client.models.list();
result.models = models.data.map(m => m.id);

console.log(JSON.stringify(result));
