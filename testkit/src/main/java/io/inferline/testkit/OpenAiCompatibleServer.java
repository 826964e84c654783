package io.inferline.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real OpenAI-compatible HTTP server on a free loopback port, faithful enough for the official {@code openai} SDKs:
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions} (whole, or streamed as server-sent events ending
 * with {@code data: [DONE]}, with a usage chunk when {@code stream_options.include_usage}), {@code POST
 * /v1/embeddings} (deterministic unit vectors, as floats or base64) and {@code GET /v1/models}.
 *
 * <p>It answers {@code "Echo: <the last user message or prompt>"} unless told another {@link #answer(String)}, one
 * word per token. Tests script the next POST requests ({@link #failNext}, {@link #rateLimitNext}, {@link #delayNext},
 * {@link #hangNext}, {@link #dropConnectionNext}, {@link #cutStreamNext}), slow every token down ({@link
 * #tokenDelay}), require an API key, and read what it received ({@link #requests()}) and how many requests the client
 * abandoned before the response was complete ({@link #abortedRequests()}).
 */
public final class OpenAiCompatibleServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_DIMENSIONS = 16;

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final int port;
    private final ConcurrentLinkedDeque<Behaviour> script = new ConcurrentLinkedDeque<>();
    private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();
    private final List<String> models = new CopyOnWriteArrayList<>(List.of("test-model"));
    private final AtomicInteger aborted = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Duration tokenDelay = Duration.ZERO;
    private volatile String answer;
    private volatile String requiredApiKey;
    private volatile boolean closing;

    private OpenAiCompatibleServer(EventLoopGroup group, Channel serverChannel, int port) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.port = port;
    }

    /** Starts a server on a free loopback port; close it, or it is closed when the JVM exits. */
    public static OpenAiCompatibleServer start() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        var holder = new AtomicReference<OpenAiCompatibleServer>();
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024 * 1024),
                                    holder.get().new Connection());
                        }
                    })
                    .bind(Ports.LOOPBACK, 0).sync().channel();
            int port = ((java.net.InetSocketAddress) channel.localAddress()).getPort();
            var server = new OpenAiCompatibleServer(group, channel, port);
            holder.set(server);
            return Cleanup.onExit(server);
        } catch (InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the OpenAI-compatible server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://127.0.0.1:<port>/v1}: what the OpenAI SDKs take as their base URL. */
    public String v1Url() {
        return baseUrl() + "/v1";
    }

    public int port() {
        return port;
    }

    // ---- scripting ----

    /** The next {@code times} POST requests answer {@code status} (e.g. 500, 503) with an OpenAI error body. */
    public OpenAiCompatibleServer failNext(int times, int status) {
        return enqueue(times, new Behaviour(Kind.FAIL, status, null, Duration.ZERO, 0));
    }

    /** The next {@code times} POST requests answer 429 with this {@code Retry-After} value (seconds or HTTP date; null: none). */
    public OpenAiCompatibleServer rateLimitNext(int times, String retryAfter) {
        return enqueue(times, new Behaviour(Kind.FAIL, 429, retryAfter, Duration.ZERO, 0));
    }

    /** The next {@code times} POST requests wait {@code delay} before they answer (as usual). */
    public OpenAiCompatibleServer delayNext(int times, Duration delay) {
        return enqueue(times, new Behaviour(Kind.DELAY, 200, null, delay, 0));
    }

    /** The next {@code times} POST requests never answer: they wait until the client leaves or the server closes. */
    public OpenAiCompatibleServer hangNext(int times) {
        return enqueue(times, new Behaviour(Kind.HANG, 0, null, Duration.ZERO, 0));
    }

    /** The next {@code times} POST requests get their connection closed without a response (a connection reset). */
    public OpenAiCompatibleServer dropConnectionNext(int times) {
        return enqueue(times, new Behaviour(Kind.DROP, 0, null, Duration.ZERO, 0));
    }

    /** The next {@code times} streamed requests get {@code chunks} content chunks, then the connection closes. */
    public OpenAiCompatibleServer cutStreamNext(int times, int chunks) {
        return enqueue(times, new Behaviour(Kind.CUT_STREAM, 200, null, Duration.ZERO, chunks));
    }

    /** Time before every generated token (streamed or not); zero by default. */
    public OpenAiCompatibleServer tokenDelay(Duration delay) {
        this.tokenDelay = delay;
        return this;
    }

    /** The text every chat and completion answers from now on (null: the echo of the prompt). */
    public OpenAiCompatibleServer answer(String text) {
        this.answer = text;
        return this;
    }

    /** From now on every request needs {@code Authorization: Bearer <apiKey>} (null: none needed), else 401. */
    public OpenAiCompatibleServer requireApiKey(String apiKey) {
        this.requiredApiKey = apiKey;
        return this;
    }

    /** The model ids {@code GET /v1/models} lists; {@code test-model} by default. Any model name is served. */
    public OpenAiCompatibleServer models(String... ids) {
        models.clear();
        models.addAll(List.of(ids));
        return this;
    }

    /** Forgets scripted behaviours, recorded requests and counts; keeps the answer, token delay and API key. */
    public void reset() {
        script.clear();
        received.clear();
        aborted.set(0);
        completed.set(0);
    }

    private OpenAiCompatibleServer enqueue(int times, Behaviour behaviour) {
        for (int i = 0; i < times; i++) {
            script.addLast(behaviour);
        }
        return this;
    }

    // ---- observations ----

    /** Every request received so far, in arrival order. */
    public List<ReceivedRequest> requests() {
        return List.copyOf(received);
    }

    /** The requests received so far on {@code path} (e.g. {@code /v1/chat/completions}). */
    public List<ReceivedRequest> requests(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Requests whose client closed the connection before the response was complete. */
    public int abortedRequests() {
        return aborted.get();
    }

    /** Requests whose response was written completely. */
    public int completedRequests() {
        return completed.get();
    }

    /** Waits until at least {@code count} requests were abandoned by their client; false when {@code timeout} passed first. */
    public boolean awaitAborted(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (aborted.get() < count) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void close() {
        closing = true;
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleServer[" + v1Url() + "]";
    }

    /** A request as the server received it: header names in lower case, the body as text, when it arrived. */
    public record ReceivedRequest(String method, String path, Map<String, List<String>> headers, String body,
                                  Instant receivedAt) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        /** The body parsed as a JSON object (empty when there is none). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            if (body == null || body.isBlank()) {
                return Map.of();
            }
            try {
                return JSON.readValue(body, Map.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the request body is not JSON: " + body, e);
            }
        }
    }

    private enum Kind { FAIL, DELAY, HANG, DROP, CUT_STREAM }

    private record Behaviour(Kind kind, int status, String retryAfter, Duration delay, int chunks) {
    }

    // ---- serving ----

    /** One client connection; requests on it are answered one after another on a virtual thread each. */
    private final class Connection extends SimpleChannelInboundHandler<FullHttpRequest> {

        private volatile Exchange current;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            var headers = new LinkedHashMap<String, List<String>>();
            for (Map.Entry<String, String> header : request.headers()) {
                headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(header.getValue());
            }
            var recorded = new ReceivedRequest(request.method().name(), new QueryStringDecoder(request.uri()).path(),
                    Collections.unmodifiableMap(headers), request.content().toString(StandardCharsets.UTF_8), Instant.now());
            received.add(recorded);
            var exchange = new Exchange(ctx, recorded, HttpUtil.isKeepAlive(request));
            current = exchange;
            Thread.ofVirtual().name("openai-test-server-" + port).start(exchange::serve);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Exchange exchange = current;
            if (exchange != null) {
                exchange.connectionClosed();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Thrown inside an exchange when its connection is gone; ends the exchange quietly. */
    private static final class ConnectionGone extends Exception {
        ConnectionGone() {
            super(null, null, false, false);
        }
    }

    private final class Exchange {

        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int ABANDONED = 2;

        private final ChannelHandlerContext ctx;
        private final ReceivedRequest request;
        private final boolean keepAlive;
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        Exchange(ChannelHandlerContext ctx, ReceivedRequest request, boolean keepAlive) {
            this.ctx = ctx;
            this.request = request;
            this.keepAlive = keepAlive;
        }

        void connectionClosed() {
            closed.complete(null);
            if (state.compareAndSet(RUNNING, ABANDONED) && !closing) {
                aborted.incrementAndGet();
            }
        }

        void serve() {
            try {
                route();
            } catch (ConnectionGone e) {
                // the client left; connectionClosed() counted it
            } catch (RuntimeException e) {
                sendError(500, "server_error", "the test server failed: " + e, null);
            }
        }

        private void route() throws ConnectionGone {
            String key = requiredApiKey;
            if (key != null && !("Bearer " + key).equals(request.header("authorization"))) {
                sendError(401, "invalid_request_error", "Incorrect API key provided.", "invalid_api_key");
                return;
            }
            if (request.method().equals(HttpMethod.GET.name()) && request.path().equals("/v1/models")) {
                listModels();
                return;
            }
            if (!request.method().equals(HttpMethod.POST.name())) {
                sendError(404, "invalid_request_error", "Unknown request URL: " + request.method() + " " + request.path(), null);
                return;
            }
            Map<String, Object> body;
            try {
                body = request.json();
            } catch (IllegalStateException e) {
                sendError(400, "invalid_request_error", "We could not parse the JSON body of your request.", null);
                return;
            }
            Behaviour behaviour = script.pollFirst();
            int cutAfter = -1;
            if (behaviour != null) {
                switch (behaviour.kind()) {
                    case FAIL -> {
                        sendFailure(behaviour);
                        return;
                    }
                    case DELAY -> pause(behaviour.delay());
                    case HANG -> {
                        hang();
                        return;
                    }
                    case DROP -> {
                        state.set(DONE);
                        ctx.close();
                        return;
                    }
                    case CUT_STREAM -> cutAfter = behaviour.chunks();
                }
            }
            switch (request.path()) {
                case "/v1/chat/completions" -> generate(body, true, cutAfter);
                case "/v1/completions" -> generate(body, false, cutAfter);
                case "/v1/embeddings" -> embed(body);
                default -> sendError(404, "invalid_request_error", "Unknown request URL: POST " + request.path(), null);
            }
        }

        private void sendFailure(Behaviour behaviour) {
            var headers = new LinkedHashMap<String, String>();
            if (behaviour.retryAfter() != null) {
                headers.put("retry-after", behaviour.retryAfter());
            }
            if (behaviour.status() == 429) {
                sendJson(429, errorBody("Rate limit reached for requests", "requests", "rate_limit_exceeded", null), headers);
            } else {
                sendJson(behaviour.status(), errorBody("The server had an error while processing your request.",
                        "server_error", null, null), headers);
            }
        }

        private void listModels() {
            var data = new ArrayList<Map<String, Object>>();
            for (String id : models) {
                data.add(ordered("id", id, "object", "model", "created", 1_700_000_000L, "owned_by", "inferline-test"));
            }
            sendJson(200, ordered("object", "list", "data", data), Map.of());
        }

        // ---- chat and completions ----

        private void generate(Map<String, Object> body, boolean chat, int cutAfter) throws ConnectionGone {
            String model = body.get("model") instanceof String m ? m : null;
            if (model == null || model.isBlank()) {
                sendError(400, "invalid_request_error", "you must provide a model parameter", null, "model");
                return;
            }
            List<String> prompts = chat ? chatPrompt(body) : completionPrompts(body);
            if (prompts == null) {
                String field = chat ? "messages" : "prompt";
                sendError(400, "invalid_request_error", "'" + field + "' is a required property", null, field);
                return;
            }
            int maxTokens = intField(body, chat ? "max_completion_tokens" : "max_tokens", intField(body, "max_tokens", Integer.MAX_VALUE));
            var answers = new ArrayList<Answer>();
            for (String prompt : prompts) {
                answers.add(Answer.of(answer != null ? answer : "Echo: " + prompt, maxTokens));
            }
            int promptTokens = prompts.stream().mapToInt(OpenAiCompatibleServer::countWords).sum();
            int completionTokens = answers.stream().mapToInt(a -> a.pieces().size()).sum();
            String id = (chat ? "chatcmpl-" : "cmpl-") + ids.incrementAndGet();
            long created = System.currentTimeMillis() / 1000;
            Map<String, Object> usage = ordered("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                    "total_tokens", promptTokens + completionTokens);
            if (Boolean.TRUE.equals(body.get("stream"))) {
                boolean includeUsage = body.get("stream_options") instanceof Map<?, ?> options
                        && Boolean.TRUE.equals(options.get("include_usage"));
                stream(chat, id, created, model, answers, includeUsage ? usage : null, cutAfter);
                return;
            }
            var choices = new ArrayList<Map<String, Object>>();
            for (int i = 0; i < answers.size(); i++) {
                Answer a = answers.get(i);
                for (int t = 0; t < a.pieces().size(); t++) {
                    pause(tokenDelay);
                }
                choices.add(chat
                        ? ordered("index", i, "message", ordered("role", "assistant", "content", a.text(), "refusal", null),
                                "logprobs", null, "finish_reason", a.finishReason())
                        : ordered("text", a.text(), "index", i, "logprobs", null, "finish_reason", a.finishReason()));
            }
            sendJson(200, ordered("id", id, "object", chat ? "chat.completion" : "text_completion", "created", created,
                    "model", model, "choices", choices, "usage", usage, "system_fingerprint", null), Map.of());
        }

        private void stream(boolean chat, String id, long created, String model, List<Answer> answers,
                            Map<String, Object> usage, int cutAfter) throws ConnectionGone {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                    .set("x-request-id", "req-" + id);
            writeOrGone(head);
            String object = chat ? "chat.completion.chunk" : "text_completion";
            int sent = 0;
            for (int i = 0; i < answers.size(); i++) {
                Answer a = answers.get(i);
                if (chat) {
                    event(chunk(id, object, created, model, i, ordered("role", "assistant", "content", ""), null, usage));
                }
                for (String piece : a.pieces()) {
                    pause(tokenDelay);
                    if (cutAfter >= 0 && sent >= cutAfter) {
                        state.set(DONE);
                        ctx.close();
                        return;
                    }
                    event(chat ? chunk(id, object, created, model, i, ordered("content", piece), null, usage)
                            : completionChunk(id, created, model, i, piece, null, usage));
                    sent++;
                }
                event(chat ? chunk(id, object, created, model, i, Map.of(), a.finishReason(), usage)
                        : completionChunk(id, created, model, i, "", a.finishReason(), usage));
            }
            if (usage != null) {
                event(ordered("id", id, "object", object, "created", created, "model", model,
                        "system_fingerprint", null, "choices", List.of(), "usage", usage));
            }
            writeOrGone(new DefaultHttpContent(Unpooled.copiedBuffer("data: [DONE]\n\n", StandardCharsets.UTF_8)));
            finish(LastHttpContent.EMPTY_LAST_CONTENT);
        }

        private Map<String, Object> chunk(String id, String object, long created, String model, int index,
                                          Map<String, Object> delta, String finishReason, Map<String, Object> usage) {
            var chunk = ordered("id", id, "object", object, "created", created, "model", model, "system_fingerprint", null,
                    "choices", List.of(ordered("index", index, "delta", delta, "logprobs", null, "finish_reason", finishReason)));
            if (usage != null) {
                chunk.put("usage", null);
            }
            return chunk;
        }

        private Map<String, Object> completionChunk(String id, long created, String model, int index, String text,
                                                    String finishReason, Map<String, Object> usage) {
            var chunk = ordered("id", id, "object", "text_completion", "created", created, "model", model,
                    "system_fingerprint", null,
                    "choices", List.of(ordered("text", text, "index", index, "logprobs", null, "finish_reason", finishReason)));
            if (usage != null) {
                chunk.put("usage", null);
            }
            return chunk;
        }

        private void event(Map<String, Object> data) throws ConnectionGone {
            writeOrGone(new DefaultHttpContent(Unpooled.copiedBuffer("data: " + toJson(data) + "\n\n", StandardCharsets.UTF_8)));
        }

        // ---- embeddings ----

        private void embed(Map<String, Object> body) {
            String model = body.get("model") instanceof String m ? m : null;
            if (model == null || model.isBlank()) {
                sendError(400, "invalid_request_error", "you must provide a model parameter", null, "model");
                return;
            }
            List<String> inputs = embeddingInputs(body.get("input"));
            if (inputs == null || inputs.isEmpty()) {
                sendError(400, "invalid_request_error", "'input' must be a string or a non-empty array", null, "input");
                return;
            }
            int dimensions = intField(body, "dimensions", DEFAULT_DIMENSIONS);
            boolean base64 = "base64".equals(body.get("encoding_format"));
            var data = new ArrayList<Map<String, Object>>();
            int tokens = 0;
            for (int i = 0; i < inputs.size(); i++) {
                float[] vector = vector(inputs.get(i), dimensions);
                tokens += countWords(inputs.get(i));
                data.add(ordered("object", "embedding", "index", i, "embedding", base64 ? toBase64(vector) : toList(vector)));
            }
            sendJson(200, ordered("object", "list", "data", data, "model", model,
                    "usage", ordered("prompt_tokens", tokens, "total_tokens", tokens)), Map.of());
        }

        // ---- writing ----

        private void pause(Duration duration) throws ConnectionGone {
            if (!duration.isPositive()) {
                if (closed.isDone()) {
                    throw new ConnectionGone();
                }
                return;
            }
            try {
                closed.get(duration.toNanos(), TimeUnit.NANOSECONDS);
                throw new ConnectionGone();
            } catch (TimeoutException e) {
                // slept the whole duration with the client still there
            } catch (InterruptedException | ExecutionException e) {
                throw new ConnectionGone();
            }
        }

        private void hang() throws ConnectionGone {
            try {
                closed.get();
            } catch (InterruptedException | ExecutionException e) {
                // ends the same way as the client leaving
            }
            throw new ConnectionGone();
        }

        private void writeOrGone(Object message) throws ConnectionGone {
            if (closed.isDone()) {
                throw new ConnectionGone();
            }
            ctx.writeAndFlush(message);
        }

        private void sendError(int status, String type, String message, String code) {
            sendError(status, type, message, code, null);
        }

        private void sendError(int status, String type, String message, String code, String param) {
            sendJson(status, errorBody(message, type, code, param), Map.of());
        }

        private void sendJson(int status, Map<String, Object> body, Map<String, String> headers) {
            byte[] bytes = toJson(body).getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                    Unpooled.wrappedBuffer(bytes));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                    .set("x-request-id", "req-" + ids.incrementAndGet());
            headers.forEach((name, value) -> response.headers().set(name, value));
            finish(response);
        }

        private void finish(Object lastMessage) {
            if (closed.isDone()) {
                return;
            }
            ChannelFuture written = ctx.writeAndFlush(lastMessage);
            written.addListener(f -> {
                if (f.isSuccess() && state.compareAndSet(RUNNING, DONE)) {
                    completed.incrementAndGet();
                }
                if (!keepAlive) {
                    ctx.close();
                }
            });
        }
    }

    /** One generated answer: its text cut to {@code max_tokens} words, the pieces streamed, why it stopped. */
    private record Answer(String text, List<String> pieces, String finishReason) {

        static Answer of(String full, int maxTokens) {
            var pieces = new ArrayList<String>();
            String[] words = full.split(" ", -1);
            for (int i = 0; i < words.length; i++) {
                pieces.add(i == 0 ? words[i] : " " + words[i]);
            }
            if (pieces.size() > maxTokens) {
                var cut = List.copyOf(pieces.subList(0, Math.max(0, maxTokens)));
                return new Answer(String.join("", cut), cut, "length");
            }
            return new Answer(full, List.copyOf(pieces), "stop");
        }
    }

    // ---- request reading ----

    /** The last user message's text, or null when {@code messages} is missing or empty. */
    private static List<String> chatPrompt(Map<String, Object> body) {
        if (!(body.get("messages") instanceof List<?> messages) || messages.isEmpty()) {
            return null;
        }
        String last = "";
        for (Object message : messages) {
            if (message instanceof Map<?, ?> m && "user".equals(m.get("role"))) {
                last = contentText(m.get("content"));
            }
        }
        return List.of(last);
    }

    private static String contentText(Object content) {
        if (content instanceof String s) {
            return s;
        }
        var text = new StringBuilder();
        if (content instanceof List<?> parts) {
            for (Object part : parts) {
                if (part instanceof Map<?, ?> p && p.get("text") instanceof String s) {
                    text.append(text.isEmpty() ? "" : " ").append(s);
                }
            }
        }
        return text.toString();
    }

    private static List<String> completionPrompts(Map<String, Object> body) {
        Object prompt = body.get("prompt");
        if (prompt instanceof String s) {
            return List.of(s);
        }
        if (prompt instanceof List<?> list && !list.isEmpty()) {
            if (list.getFirst() instanceof String) {
                return list.stream().map(String::valueOf).toList();
            }
            return List.of(list.toString());
        }
        return null;
    }

    private static List<String> embeddingInputs(Object input) {
        if (input instanceof String s) {
            return List.of(s);
        }
        if (input instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return null;
    }

    private static int intField(Map<String, Object> body, String field, int fallback) {
        return body.get(field) instanceof Number n && n.intValue() >= 0 ? n.intValue() : fallback;
    }

    static int countWords(String text) {
        int count = 0;
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                count++;
            }
        }
        return Math.max(1, count);
    }

    /** The server's embedding of {@code text}: a unit vector that depends on the text only. */
    public static float[] vector(String text, int dimensions) {
        var random = new SplittableRandom(text.hashCode());
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    private static List<Double> toList(float[] vector) {
        var list = new ArrayList<Double>(vector.length);
        for (float v : vector) {
            list.add((double) v);
        }
        return list;
    }

    private static String toBase64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static Map<String, Object> errorBody(String message, String type, String code, String param) {
        return ordered("error", ordered("message", message, "type", type, "param", param, "code", code));
    }

    private static LinkedHashMap<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
