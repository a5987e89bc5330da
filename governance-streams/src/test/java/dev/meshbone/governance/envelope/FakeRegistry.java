package dev.meshbone.governance.envelope;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted Apicurio v3 registry on the JDK's HTTP server: each endpoint answers its replies in order, repeating
 * the last one, and counts the calls it got.
 */
public final class FakeRegistry implements AutoCloseable {

    /** One HTTP answer. */
    public record Reply(int status, String body, Map<String, String> headers) {
        public static Reply of(int status, String body) {
            return new Reply(status, body, Map.of());
        }

        public Reply withHeader(String name, String value) {
            return new Reply(status, body, Map.of(name, value));
        }
    }

    private static final String API = "/apis/registry/v3";
    private static final String CONTENT = API + "/ids/globalIds/";
    private static final String SEARCH = API + "/search/versions";

    private final HttpServer server;
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> calls = new ConcurrentHashMap<>();

    public FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(API, this::answer);
        server.start();
    }

    /** The Avro schema {@code schema} as group/artifact version 1. */
    public static Reply[] avro(String schema, String group, String artifact) {
        return new Reply[] {Reply.of(200, schema), search(group, artifact, "AVRO")};
    }

    /** What {@code /search/versions?globalId=} answers for an artifact version. */
    public static Reply search(String group, String artifact, String type) {
        return Reply.of(200, "{\"count\":1,\"versions\":[{\"groupId\":\"" + group + "\",\"artifactId\":\"" + artifact
                + "\",\"version\":\"1\",\"artifactType\":\"" + type + "\"}]}");
    }

    /** The schema content endpoint answers these, in order, the last one for good. */
    public FakeRegistry content(Reply... replies) {
        scripts.put(CONTENT, new ArrayDeque<>(List.of(replies)));
        return this;
    }

    /** The version search endpoint answers these, in order, the last one for good. */
    public FakeRegistry search(Reply... replies) {
        scripts.put(SEARCH, new ArrayDeque<>(List.of(replies)));
        return this;
    }

    /** Calls of the schema content endpoint so far. */
    public int contentCalls() {
        return callTimes(CONTENT).size();
    }

    /** When each call of the schema content endpoint came ({@link System#nanoTime()}). */
    public List<Long> contentCallTimes() {
        return List.copyOf(callTimes(CONTENT));
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + API;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private List<Long> callTimes(String endpoint) {
        return calls.computeIfAbsent(endpoint, e -> new CopyOnWriteArrayList<>());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String endpoint = path.startsWith(CONTENT) ? CONTENT : path.startsWith(SEARCH) ? SEARCH : path;
        callTimes(endpoint).add(System.nanoTime());
        Deque<Reply> script = scripts.get(endpoint);
        Reply reply;
        synchronized (this) {
            reply = script == null ? Reply.of(404, "{\"message\":\"no such endpoint\"}")
                    : script.size() > 1 ? script.poll() : script.peek();
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
