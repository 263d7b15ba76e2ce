package org.aihegemony.kg.linkeddata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.aihegemony.kg.Fixtures;
import org.aihegemony.kg.TestServer;
import org.aihegemony.kg.store.KgStore;
import org.apache.jena.fuseki.main.FusekiServer;

/** A real server over a real TDB2 store built from the basic fixtures, for the linked-data tests. */
final class LinkedDataServer implements AutoCloseable {
    static final String ID = "https://w3id.org/aihegemony/id/";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private final TestServer running;
    final KgStore store;
    final FusekiServer server;
    final String url;

    private LinkedDataServer(TestServer running) {
        this.running = running;
        this.store = running.store;
        this.server = running.server;
        this.url = running.base;
    }

    static LinkedDataServer start(Path tmp) {
        return new LinkedDataServer(TestServer.serve(Fixtures.basicSources(tmp), tmp.resolve("store"),
                Duration.ofSeconds(5), 8L * 1024 * 1024));
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(path, "GET", HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), headers);
    }

    HttpResponse<byte[]> getBytes(String path, String... headers) {
        return send(path, "GET", HttpResponse.BodyHandlers.ofByteArray(), headers);
    }

    <T> HttpResponse<T> send(String path, String method, HttpResponse.BodyHandler<T> handler, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2)
            b.header(headers[i], headers[i + 1]);
        try {
            return CLIENT.send(b.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running.close();
    }
}
