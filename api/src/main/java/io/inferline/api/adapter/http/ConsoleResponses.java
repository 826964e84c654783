package io.inferline.api.adapter.http;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web console's static files: content-hashed assets are cached for a year (by browsers and the CDN edge),
 * the page itself never, and every console response forbids framing, sniffing and scripts from other origins.
 */
@ServerFilter({"/console", "/console/**"})
class ConsoleResponses {

    static final String ASSETS = "/console/assets/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    @ResponseFilter
    void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.status() != HttpStatus.OK) {
            return;
        }
        boolean hashed = request.getPath().startsWith(ASSETS);
        response.header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "no-referrer");
    }

    /**
     * The page at {@code /console} (Micronaut matches {@code /console/} here too); its asset paths are absolute, so
     * both work. 404 when the api was built without the console.
     */
    @Controller
    static class Page {

        private final byte[] index;

        Page(ResourceResolver resources) {
            this.index = resources.getResourceAsStream("classpath:console/index.html").map(Page::read).orElse(null);
        }

        @Get(value = "/console", produces = MediaType.TEXT_HTML)
        HttpResponse<byte[]> index() {
            return index == null ? HttpResponse.notFound() : HttpResponse.ok(index);
        }

        private static byte[] read(InputStream in) {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
