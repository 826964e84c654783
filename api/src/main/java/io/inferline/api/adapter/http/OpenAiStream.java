package io.inferline.api.adapter.http;

import io.inferline.api.application.sync.SyncOutcome;
import io.inferline.api.application.sync.SyncTask;
import io.inferline.api.domain.ModelRoute;
import io.inferline.contracts.v1.openai.ChatCompletionChunk;
import io.inferline.contracts.v1.openai.OpenAiError;
import io.inferline.contracts.v1.openai.OpenAiUsage;
import io.inferline.contracts.v1.openai.TextCompletion;
import io.micronaut.http.sse.Event;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.List;

/**
 * One streamed answer as OpenAI sends it: server-sent events of chunks (a chat stream's first chunk carries the
 * role), a last chunk with the finish reason, a usage chunk when asked for, then {@code data: [DONE]}. A failure
 * after the first chunk ends the stream with an {@code error} event in OpenAI's error shape. Pieces arrive on the
 * call's thread; the end may come from another, so writing is serialised.
 */
final class OpenAiStream {

    static final String DONE = "[DONE]";

    private final SyncTask task;
    private final String id;
    private final long created;
    private final boolean includeUsage;
    private final Sinks.Many<Event<Object>> sink = Sinks.many().unicast().onBackpressureBuffer();
    private boolean started;

    OpenAiStream(SyncTask task, String id, long created, boolean includeUsage) {
        this.task = task;
        this.id = id;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    Flux<Event<Object>> events() {
        return sink.asFlux();
    }

    synchronized void piece(ModelRoute servedBy, String piece) {
        start(servedBy);
        emit(task == SyncTask.CHAT
                ? chatChunk(servedBy, new ChatCompletionChunk.Delta(null, piece), null)
                : textChunk(servedBy, piece, null));
    }

    synchronized void finish(SyncOutcome outcome) {
        ModelRoute servedBy = outcome.servedBy();
        start(servedBy);
        String text = OpenAiResponses.text(outcome.result().output());
        if (!text.isEmpty() && !anyPiece) {
            piece(servedBy, text); // a backend that does not stream answers in one piece
        }
        String reason = OpenAiResponses.finishReason(outcome.result().output());
        emit(task == SyncTask.CHAT
                ? chatChunk(servedBy, new ChatCompletionChunk.Delta(null, null), reason)
                : textChunk(servedBy, "", reason));
        OpenAiUsage usage = OpenAiResponses.usage(outcome);
        if (includeUsage && usage != null) {
            emit(task == SyncTask.CHAT
                    ? new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, servedBy.model(), List.of(), usage)
                    : new TextCompletion(id, TextCompletion.OBJECT, created, servedBy.model(), List.of(), usage));
        }
        done();
    }

    synchronized void fail(OpenAiError error) {
        emit(error);
        done();
    }

    private boolean anyPiece;

    private void start(ModelRoute servedBy) {
        if (!started) {
            started = true;
            if (task == SyncTask.CHAT) {
                emit(chatChunk(servedBy, new ChatCompletionChunk.Delta("assistant", ""), null));
            }
        }
    }

    private ChatCompletionChunk chatChunk(ModelRoute servedBy, ChatCompletionChunk.Delta delta, String finishReason) {
        if (delta.content() != null && !delta.content().isEmpty()) {
            anyPiece = true;
        }
        return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, servedBy.model(),
                List.of(new ChatCompletionChunk.Choice(0, delta, finishReason)), null);
    }

    private TextCompletion textChunk(ModelRoute servedBy, String text, String finishReason) {
        if (!text.isEmpty()) {
            anyPiece = true;
        }
        return new TextCompletion(id, TextCompletion.OBJECT, created, servedBy.model(),
                List.of(new TextCompletion.Choice(text, 0, null, finishReason)), null);
    }

    private void emit(Object data) {
        sink.tryEmitNext(Event.of(data));
    }

    private void done() {
        emit(DONE);
        sink.tryEmitComplete();
    }
}
