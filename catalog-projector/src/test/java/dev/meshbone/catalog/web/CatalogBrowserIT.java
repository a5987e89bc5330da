package dev.meshbone.catalog.web;

import static dev.meshbone.catalog.CatalogFixtures.descriptor;
import static dev.meshbone.catalog.CatalogFixtures.stats;
import static dev.meshbone.catalog.CatalogFixtures.violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshbone.catalog.MemoryCatalog;
import dev.meshbone.catalog.ProjectedCatalog;
import dev.meshbone.catalog.TestCatalogs;
import dev.meshbone.catalog.TestHttp;
import dev.meshbone.catalog.TestPublisher;
import dev.meshbone.catalog.app.CatalogService;
import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.contract.ProductId;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.ServiceLevelObjectives;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.schemas.BundledSchemas;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The catalog page in a real browser (Debian's Chromium, driven by Selenium): load, search, open a product, and
 * watch a new product appear live; page and search 10 000 products. Screenshots land in {@code target/screenshots/}.
 */
@ExtendWith(MeshClusterExtension.class)
class CatalogBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void shouldSearchOpenProductAndShowNewProductLiveWithoutReload(MeshCluster cluster) throws IOException {
        // Given: a catalog with a few products
        Map<String, String> settings = TestCatalogs.settings(cluster.kafkaSettings(),
                MeshClusterExtension.uniqueName("catalog-web"), tmp.resolve("state"));
        CatalogConfig config = CatalogConfig.from(settings);
        try (CatalogService catalog = CatalogService.start(config);
             TestPublisher publish = new TestPublisher(cluster.clientProperties(), config.topics())) {
            seed(publish);
            String base = "http://127.0.0.1:" + catalog.httpPort() + "/";
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    TestHttp.get(base + "api/products").json().path("total").asInt() == 5);
            try (Browser browser = Browser.start(tmp.resolve("chromium-profile"))) {
                searchOpenAndWatchLive(browser.driver(), base, publish);
            }
        }
    }

    private static void searchOpenAndWatchLive(WebDriver b, String base, TestPublisher publish) throws IOException {
        // When: the page loads
        b.get(base);

        // Then: the table lists every product
        await().atMost(WAIT).until(() -> rowIds(b).size() == 5);
        assertThat(b.findElement(By.id("stat-products")).getText()).isEqualTo("5");
        assertThat(b.findElement(By.id("live")).getText()).isEqualTo("Live");
        screenshot(b, "catalog.png");

        // When: searching (the server's full text covers schema fields too)
        b.findElement(By.id("search")).sendKeys("shipments");

        // Then
        await().atMost(WAIT).until(() -> rowIds(b).equals(List.of("logistics.shipments")));

        // When
        clearSearch(b);
        b.findElement(By.id("search")).sendKeys("loyaltyTier");

        // Then
        await().atMost(WAIT).until(() -> rowIds(b).equals(List.of("customers.profiles")));

        // When: opening a product from the full table
        clearSearch(b);
        await().atMost(WAIT).until(() -> rowIds(b).size() == 5);
        b.findElement(By.cssSelector("tr[data-id='sales.orders'] a.product-title")).click();

        // Then: its page shows schema fields with PII badges and protection, rules, SLOs and the topic
        await().atMost(WAIT).until(() -> !b.findElements(By.cssSelector("#product-page h1")).isEmpty());
        assertThat(b.findElement(By.cssSelector("#product-page h1")).getText()).isEqualTo("Orders of sales");
        WebElement email = b.findElement(By.cssSelector("tr[data-field='customerEmail']"));
        assertThat(email.getText()).contains("EMAIL").contains("ENCRYPT");
        assertThat(b.findElement(By.cssSelector("tr[data-field='shippingAddress.street']")).getText())
                .contains("ADDRESS").contains("HASH");
        assertThat(b.findElement(By.id("topic-name")).getText()).isEqualTo("sales.orders.v1");
        assertThat(b.findElement(By.id("snippet")).getText()).contains("consumer.subscribe(List.of(\"sales.orders.v1\"))");
        assertThat(b.findElement(By.id("rules")).getText()).contains("positive-total").contains("record.total >= 0.0");
        assertThat(b.findElement(By.id("violations")).getText()).contains("RULE_FAILED");
        assertThat(b.findElement(By.id("slos")).getText()).contains("Freshness").contains("Violation rate");
        screenshot(b, "product.png");

        // When: back on the catalog, a new product's descriptor is published
        b.findElement(By.cssSelector("a.back")).click();
        await().atMost(WAIT).until(() -> rowIds(b).size() == 5);
        ((JavascriptExecutor) b).executeScript("window.__sameDocument = true;");
        publish.announce(descriptor("marketing", "campaigns", 1).setTitle("Marketing campaigns")
                .setOwner(new dev.meshbone.events.Owner("growth", "growth@example.com")).build());

        // Then: it appears without a reload
        await().atMost(WAIT).until(() -> rowIds(b).contains("marketing.campaigns"));
        assertThat(((JavascriptExecutor) b).executeScript("return window.__sameDocument === true;")).isEqualTo(true);
        assertThat(b.findElement(By.id("stat-products")).getText()).isEqualTo("6");
        screenshot(b, "catalog-live.png");
    }

    @Test
    void shouldPageAndSearchTenThousandProductsAndStayLive() throws IOException {
        // Given: 10 000 products in 20 domains, served from memory (the projector's side is the bench's and the test above)
        CatalogEntry orders = ProjectedCatalog.of(Instant.now(), f -> f.announce(descriptor("sales", "orders", 1).build()))
                .get("sales.orders");
        Map<String, CatalogEntry> entries = new TreeMap<>();
        for (int i = 0; i < TEN_THOUSAND; i++) {
            CatalogEntry e = product(orders, i, "Product " + i);
            entries.put(e.getId(), e);
        }
        List<String> ids = List.copyOf(entries.keySet());
        try (MemoryCatalog catalog = new MemoryCatalog(Clock.systemUTC(), entries);
             Browser browser = Browser.start(tmp.resolve("chromium-profile"))) {
            String base = "http://127.0.0.1:" + catalog.serve(List.of()).port() + "/";
            WebDriver b = browser.driver();

            // When: the page loads
            long start = System.nanoTime();
            b.get(base);

            // Then: it shows the first page of 50 rows and the figures of all 10 000, never every row
            await().atMost(WAIT).until(() -> rowIds(b).equals(ids.subList(0, 50)));
            long loaded = System.nanoTime() - start;
            await().atMost(WAIT).until(() -> b.findElement(By.id("stat-products")).getText().equals("10,000"));
            assertThat(b.findElement(By.id("page-range")).getText()).isEqualTo("1–50 of 10,000");
            assertThat(b.findElement(By.id("stat-domains")).getText()).isEqualTo("20");
            assertThat(b.findElement(By.id("page-prev")).isEnabled()).isFalse();
            screenshot(b, "catalog-10000.png");

            // When: turning the page
            b.findElement(By.id("page-next")).click();

            // Then
            await().atMost(WAIT).until(() -> rowIds(b).equals(ids.subList(50, 100)));
            assertThat(b.findElement(By.id("page-range")).getText()).isEqualTo("51–100 of 10,000");
            assertThat(b.findElement(By.id("page-prev")).isEnabled()).isTrue();

            // When: searching as you type, key by key
            long typing = System.nanoTime();
            b.findElement(By.id("search")).sendKeys("product-4242");

            // Then: the server's search narrows the 10 000 to one, from the first page
            String wanted = product(orders, 4242, "").getId();
            await().atMost(WAIT).until(() -> rowIds(b).equals(List.of(wanted)));
            long searched = System.nanoTime() - typing;
            assertThat(b.findElement(By.id("page-range")).getText()).isEqualTo("1–1 of 1");

            // When: the product shown changes, and a new product arrives
            ((JavascriptExecutor) b).executeScript("window.__sameDocument = true;");
            catalog.put(product(orders, 4242, "Product 4242 renamed"));
            catalog.put(product(orders, TEN_THOUSAND, "Product " + TEN_THOUSAND));

            // Then: both show without a reload
            await().atMost(WAIT).until(() -> b.findElement(By.cssSelector("tr[data-id='" + wanted + "'] .product-title"))
                    .getText().equals("Product 4242 renamed"));
            await().atMost(WAIT).until(() -> b.findElement(By.id("stat-products")).getText().equals("10,001"));
            assertThat(((JavascriptExecutor) b).executeScript("return window.__sameDocument === true;")).isEqualTo(true);
            System.out.printf("10 000 products: first page shown %d ms after navigation, 12 keys typed to one match"
                    + " in %d ms%n", loaded / 1_000_000, searched / 1_000_000);
        }
    }

    private static final int TEN_THOUSAND = 10_000;

    /** Product {@code i} of the big catalog: a copy of {@code template} in domain {@code i % 20}. */
    private static CatalogEntry product(CatalogEntry template, int i, String title) {
        ProductId id = new ProductId("domain" + (i % 20), "product-" + i);
        return CatalogEntry.newBuilder(template).setId(id.toString()).setDomain(id.domain()).setName(id.name())
                .setTitle(title).build();
    }

    /** Chromium driven through chromedriver, both Debian's. */
    private record Browser(ChromeDriverService service, WebDriver driver) implements AutoCloseable {

        static Browser start(Path profile) {
            assertThat(CHROMIUM).as("Chromium is needed for the browser test: apt-get install chromium chromium-driver "
                    + "(.ci/run does this)").isExecutable();
            assertThat(CHROMEDRIVER).as("chromedriver is needed for the browser test: apt-get install chromium-driver "
                    + "(.ci/run does this)").isExecutable();
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            try {
                return new Browser(service, new ChromeDriver(service, options(profile)));
            } catch (RuntimeException e) {
                service.stop();
                throw e;
            }
        }

        @Override
        public void close() {
            driver.quit();
            service.stop();
        }
    }

    private static ChromeOptions options(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1440,1000", "--force-device-scale-factor=1");
        return options;
    }

    /** Products that make the page look like a real mesh: PII, rules, SLOs, violations, an unknown product. */
    private static void seed(TestPublisher publish) {
        Instant now = Instant.now();
        publish.announce(descriptor("sales", "orders", 1).build());
        publish.announce(descriptor("customers", "profiles", 1).setTitle("Customer profiles")
                .setDescription("The master record of every customer: contact details and loyalty tier.")
                .setOwner(new dev.meshbone.events.Owner("crm", "crm@example.com")).setTags(List.of("customers", "master-data"))
                .setContractSchema(BundledSchemas.load(BundledSchemas.CUSTOMERS_PROFILES).toString())
                .setPiiProtection(Map.of("EMAIL", PiiProtection.ENCRYPT, "NAME", PiiProtection.MASK,
                        "DATE_OF_BIRTH", PiiProtection.DROP))
                .setQualityRules(List.of()).build());
        publish.announce(descriptor("logistics", "shipments", 1).setTitle("Shipments")
                .setDescription("Parcels handed to carriers, with tracking status.")
                .setOwner(new dev.meshbone.events.Owner("logistics-core", "#logistics-data")).setTags(List.of("parcels"))
                .setContractSchema(BundledSchemas.load(BundledSchemas.LOGISTICS_SHIPMENTS).toString())
                .setSlo(ServiceLevelObjectives.newBuilder().setMaxIntervalMillis(1000L).build()).build());
        publish.announce(descriptor("sales", "returns", 1).setTitle("Returns").setStatus(ProductStatus.DEPRECATED)
                .setDescription("Returned orders; superseded by sales.refunds.").setSlo(ServiceLevelObjectives.newBuilder().build())
                .build());
        publish.violation(violation("ghost.items", ViolationCode.UNKNOWN_PRODUCT, "no descriptor for ghost.items", now));
        publish.stats(stats("sales.orders", now.minusSeconds(40), 1280, 14, 3, now.minusSeconds(2)));
        publish.stats(stats("customers.profiles", now.minusSeconds(40), 310, 0, 0, now.minusSeconds(5)));
        publish.violation(violation("sales.orders", ViolationCode.RULE_FAILED, "rule positive-total failed",
                now.minusSeconds(20)));
        publish.violation(violation("sales.orders", ViolationCode.UNTAGGED_PII,
                "field notes looks like an e-mail address but has no pii tag", now.minusSeconds(8)));
    }

    private static void clearSearch(WebDriver b) {
        b.findElement(By.id("search")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    }

    /** The ids of the table's rows, read in one go (the table re-renders on every live change). */
    @SuppressWarnings("unchecked")
    private static List<String> rowIds(WebDriver b) {
        return (List<String>) ((JavascriptExecutor) b).executeScript(
                "return [...document.querySelectorAll('#products tbody tr')].map(r => r.dataset.id);");
    }

    /** The whole page: the window grows to the document's height for the shot. */
    private static void screenshot(WebDriver b, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Dimension size = b.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) b).executeScript("return document.documentElement.scrollHeight;");
        b.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.max(size.getHeight(), height + 140)));
        File shot = ((TakesScreenshot) b).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        b.manage().window().setSize(size);
    }
}
