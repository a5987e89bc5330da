package dev.meshbone.catalog.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshbone.catalog.api.Dto;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events of catalog changes. Every change this instance reads from the catalog topic is sent to every
 * connected client as a {@code product} event (the {@link Dto.ProductSummary} the catalog's index made of it) or a
 * {@code removed} event ({@link Dto.Removed}); a comment every {@value #HEARTBEAT_SECONDS} s keeps proxies from closing idle streams and
 * finds clients that left. Sending happens on a thread of its own, never on the Streams thread.
 */
public final class LiveUpdates implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(LiveUpdates.class);
    private static final long HEARTBEAT_SECONDS = 15;

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(daemon("catalog-sse"));
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("catalog-sse-heartbeat"));
    private final ObjectMapper mapper;

    public LiveUpdates(ObjectMapper mapper) {
        this.mapper = mapper;
        heartbeat.scheduleAtFixedRate(() -> sender.execute(() -> each("heartbeat")), HEARTBEAT_SECONDS,
                HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Takes a new client: keeps its stream open and greets it so it knows the stream works. */
    void register(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        sender.execute(() -> { // every write to a client happens on the sender thread, in order
            clients.add(client);
            client.sendEvent("hello", "{\"clients\":" + clients.size() + "}");
        });
    }

    /** Clients connected now. */
    public int clients() {
        return clients.size();
    }

    /** A product changed: sends its row as the lists now show it. */
    public void changed(Dto.ProductSummary product) {
        send(product.id(), () -> broadcast("product", json(product)));
    }

    /** A product left the catalog. */
    public void removed(String productId) {
        send(productId, () -> broadcast("removed", json(new Dto.Removed(productId))));
    }

    private void send(String productId, Runnable broadcast) {
        try {
            sender.execute(broadcast);
        } catch (RejectedExecutionException e) {
            LOGGER.debug("Shutting down; change of {} not sent", productId);
        }
    }

    private void broadcast(String event, String data) {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendEvent(event, data);
            }
        }
    }

    private void each(String comment) {
        for (SseClient client : clients) {
            if (client.terminated()) {
                clients.remove(client);
            } else {
                client.sendComment(comment);
            }
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        sender.shutdown();
        try {
            sender.awaitTermination(Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clients.forEach(SseClient::close);
        clients.clear();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
