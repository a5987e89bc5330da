package dev.meshbone.catalog.app;

import dev.meshbone.catalog.config.CatalogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar meshbone-catalog.jar [catalog.properties]}: loads the config (the file named by the argument or
 * by {@code MESHBONE_CATALOG_CONFIG}, then {@code MESHBONE_*} environment overrides), starts the projector
 * and stops it gracefully on SIGTERM/SIGINT. Exits 2 on bad config, 1 when Streams fails.
 */
public final class CatalogApp {

    private static final Logger LOGGER = LoggerFactory.getLogger(CatalogApp.class);

    private CatalogApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        CatalogConfig config;
        try {
            Path file = args.length > 0 ? Path.of(args[0]) : CatalogConfig.configFile(System.getenv());
            config = CatalogConfig.load(file, System.getenv());
        } catch (RuntimeException e) {
            System.err.println("catalog-projector: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        CatalogService service = CatalogService.start(config);
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown.set(true);
            service.close();
        }, "catalog-shutdown"));
        LOGGER.info("Catalog projector {} running; HTTP on port {}", config.applicationId(), service.httpPort());
        while (!service.awaitStopped(Duration.ofMinutes(1))) {
            // the shutdown hook or a fatal Streams error ends the wait
        }
        if (!shuttingDown.get()) {
            LOGGER.error("Kafka Streams stopped in state {}; exiting", service.state());
            service.close();
            System.exit(1);
        }
    }
}
