package io.inferline.api.adapter.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.GenericFutureListener;

import java.util.concurrent.CompletableFuture;

/**
 * Runs an action when the client's connection closes before {@code until} completes. Micronaut does not cancel a
 * pending single-value response when its client leaves, so the connection itself is watched; the watch is removed
 * once the answer is there, so a long-lived keep-alive connection collects no listeners.
 */
final class ClientDisconnects {

    private ClientDisconnects() {
    }

    static void onClose(HttpRequest<?> request, CompletableFuture<?> until, Runnable action) {
        if (!(request instanceof NettyHttpRequest<?> netty)) {
            return;
        }
        ChannelFuture closed = netty.getChannelHandlerContext().channel().closeFuture();
        GenericFutureListener<ChannelFuture> listener = future -> {
            if (!until.isDone()) {
                action.run();
            }
        };
        closed.addListener(listener);
        until.whenComplete((value, error) -> closed.removeListener(listener));
    }
}
