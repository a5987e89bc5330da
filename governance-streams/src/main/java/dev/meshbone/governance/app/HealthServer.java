package dev.meshbone.governance.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /health} (JSON; 200 when UP or DEGRADED, 503 when DOWN) and {@code /metrics} (Prometheus text). Two
 * read-only endpoints: the JDK's HTTP server is enough.
 */
final class HealthServer implements AutoCloseable {

    /** What /health reports. */
    record Health(String status, String streams, boolean registryReachable, int products) {
        String json() {
            return "{\"status\":\"" + status + "\",\"streams\":\"" + streams + "\",\"registryReachable\":"
                    + registryReachable + ",\"products\":" + products + "}";
        }
    }

    private final HttpServer server;

    HealthServer(int port, Supplier<Health> health, Supplier<String> metrics) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port + " for /health and /metrics "
                    + "(set meshbone.governance.http.port)", e);
        }
        server.createContext("/health", exchange -> {
            Health h = health.get();
            respond(exchange, "DOWN".equals(h.status()) ? 503 : 200, "application/json", h.json());
        });
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "governance-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
