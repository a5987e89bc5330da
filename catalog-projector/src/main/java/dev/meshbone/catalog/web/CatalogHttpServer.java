package dev.meshbone.catalog.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshbone.catalog.api.CatalogQueries;
import dev.meshbone.catalog.api.CatalogView;
import dev.meshbone.catalog.api.Dto;
import dev.meshbone.catalog.api.ProductQuery;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog's HTTP server (Javalin): the read-only JSON API under {@code /api}, the live stream, {@code /health},
 * {@code /metrics} (Prometheus) and the web page at {@code /}. Every error is JSON: {@code {"status", "message"}}.
 */
public final class CatalogHttpServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(CatalogHttpServer.class);

    private final Javalin app;

    private CatalogHttpServer(Javalin app) {
        this.app = app;
    }

    /** What the server serves. */
    public record Routes(CatalogQueries queries, LiveUpdates live, Supplier<Dto.Health> health,
                         PrometheusMeterRegistry metrics, ObjectMapper mapper) {
    }

    /**
     * Starts the server.
     *
     * @param corsOrigins origins allowed to call the API from a browser; empty turns CORS off
     */
    public static CatalogHttpServer start(String host, int port, List<String> corsOrigins, Routes routes) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(routes.mapper(), false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            if (!corsOrigins.isEmpty()) {
                config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> rule.allowHost(corsOrigins.get(0),
                        corsOrigins.subList(1, corsOrigins.size()).toArray(String[]::new))));
            }
            // Requests Jetty refuses before Javalin sees them (a URI over its 8 KB header budget: 414) are JSON too.
            config.jetty.modifyServer(server -> server.setErrorHandler(new ErrorHandler() {
                @Override
                public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
                    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
                    try {
                        return ByteBuffer.wrap(routes.mapper().writeValueAsBytes(new Dto.ApiError(status,
                                reason == null || reason.isBlank() ? "the request cannot be read" : reason)));
                    } catch (JsonProcessingException e) {
                        return super.badMessageError(status, reason, fields);
                    }
                }
            }));
            config.requestLogger.http((ctx, millis) -> Timer.builder("http.server.requests")
                    .tag("method", ctx.method().name())
                    .tag("uri", uri(ctx))
                    .tag("status", Integer.toString(ctx.statusCode()))
                    .register(routes.metrics())
                    .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS));
        });
        CatalogQueries queries = routes.queries();

        app.get("/api/products", ctx -> {
            Optional<String> undecodable = undecodable(ctx.queryString());
            if (undecodable.isPresent()) {
                // Javalin drops what it cannot decode: a filter would be ignored, and every product listed.
                error(ctx, HttpStatus.BAD_REQUEST, "the query parameter '" + undecodable.get()
                        + "' is not valid URL encoding");
                return;
            }
            ProductQuery.Parsed parsed = ProductQuery.parse(ctx.queryParamMap());
            if (parsed instanceof ProductQuery.Invalid invalid) {
                error(ctx, HttpStatus.BAD_REQUEST, invalid.message());
            } else {
                ctx.json(queries.list(((ProductQuery.Valid) parsed).query()));
            }
        });
        app.get("/api/products/{id}", ctx -> queries.product(ctx.pathParam("id")).ifPresentOrElse(ctx::json,
                () -> unknownProduct(ctx)));
        app.get("/api/products/{id}/violations", ctx -> queries.violations(ctx.pathParam("id"))
                .ifPresentOrElse(ctx::json, () -> unknownProduct(ctx)));
        app.get("/api/domains", ctx -> ctx.json(queries.domains()));
        app.sse("/api/stream", routes.live()::register);
        app.get("/health", ctx -> {
            Dto.Health health = routes.health().get();
            ctx.status("UP".equals(health.status()) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(health);
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(routes.metrics().scrape()));

        app.exception(CatalogView.UnavailableException.class, (e, ctx) ->
                error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "the catalog is not readable yet: " + e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOGGER.warn("Request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName());
        });
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) { // Javalin's own plain-text 404
                error(ctx, HttpStatus.NOT_FOUND, "no such resource: " + ctx.method() + " " + ctx.path());
            }
        });

        Gauge.builder("catalog.sse.clients", routes.live(), LiveUpdates::clients)
                .description("Clients connected to the live stream").register(routes.metrics());
        app.start(host, port);
        LOGGER.info("Catalog HTTP server on http://{}:{}/", host, app.port());
        return new CatalogHttpServer(app);
    }

    /** The port it listens on (the chosen one when started with 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void unknownProduct(Context ctx) {
        error(ctx, HttpStatus.NOT_FOUND, "no product '" + ctx.pathParam("id") + "' in the catalog");
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(new Dto.ApiError(status.getCode(), message));
    }

    /** The first {@code key=value} of a raw query that does not URL-decode, shortened for the message; if any. */
    private static Optional<String> undecodable(String query) {
        if (query == null) {
            return Optional.empty();
        }
        for (String parameter : query.split("&")) {
            try {
                URLDecoder.decode(parameter, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.of(parameter.length() <= 80 ? parameter : parameter.substring(0, 80) + "...");
            }
        }
        return Optional.empty();
    }

    /** The route template, so metrics do not get one series per product id. */
    private static String uri(Context ctx) {
        if (ctx.handlerType() != HandlerType.GET || ctx.statusCode() == HttpStatus.NOT_FOUND.getCode()) {
            return ctx.handlerType() == HandlerType.BEFORE ? "static" : "other"; // static files are served before endpoints
        }
        String template = ctx.endpointHandlerPath();
        return template.isEmpty() || template.equals("*") ? "other" : template;
    }
}
