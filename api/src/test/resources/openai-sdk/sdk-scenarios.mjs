// Drives Inferline with the official OpenAI SDK for OpenAiSdkIT; prints one JSON object with what it saw.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.env.INFERLINE_BASE_URL, apiKey: process.env.INFERLINE_API_KEY, maxRetries: 0 });
const chatModel = process.env.CHAT_MODEL;
const out = { sdkVersion: OpenAI.VERSION ?? null };

const { data: chat, response } = await client.chat.completions
  .create({ model: chatModel, messages: [{ role: 'user', content: 'hello from the sdk' }] })
  .withResponse();
out.chat = {
  content: chat.choices[0].message.content,
  finishReason: chat.choices[0].finish_reason,
  model: chat.model,
  usage: chat.usage,
  servedBy: response.headers.get('inferline-model'),
};

const stream = await client.chat.completions.create({
  model: chatModel,
  messages: [{ role: 'user', content: 'streamed words arrive' }],
  stream: true,
  stream_options: { include_usage: true },
});
let text = '';
let contentChunks = 0;
let finishReason = null;
let usage = null;
for await (const chunk of stream) {
  const choice = chunk.choices[0];
  if (choice?.delta?.content) {
    text += choice.delta.content;
    contentChunks++;
  }
  if (choice?.finish_reason) finishReason = choice.finish_reason;
  if (chunk.usage) usage = chunk.usage;
}
out.stream = { text, contentChunks, finishReason, usage };

const cosine = (a, b) => a.reduce((sum, x, i) => sum + x * b[i], 0);
const embeddings = await client.embeddings.create({
  model: 'minilm',
  input: ['a cat sits on the mat', 'a kitten rests on a rug', 'stock markets fell sharply today'],
});
const vectors = embeddings.data.map((d) => Array.from(d.embedding));
out.embeddings = {
  model: embeddings.model,
  count: vectors.length,
  dimensions: vectors[0].length,
  norm: Math.sqrt(cosine(vectors[0], vectors[0])),
  catKitten: cosine(vectors[0], vectors[1]),
  catMarkets: cosine(vectors[0], vectors[2]),
  promptTokens: embeddings.usage.prompt_tokens,
};

out.models = [];
for await (const model of client.models.list()) out.models.push(model.id);

try {
  await client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] });
  out.error = null;
} catch (e) {
  out.error = {
    notFoundError: e instanceof OpenAI.NotFoundError,
    status: e.status,
    type: e.type,
    code: e.code,
    param: e.param,
    message: e.message,
  };
}

console.log(JSON.stringify(out));
