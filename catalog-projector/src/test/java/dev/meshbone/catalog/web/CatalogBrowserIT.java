package dev.meshbone.catalog.web;

import static dev.meshbone.catalog.CatalogFixtures.descriptor;
import static dev.meshbone.catalog.CatalogFixtures.stats;
import static dev.meshbone.catalog.CatalogFixtures.violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshbone.catalog.TestCatalogs;
import dev.meshbone.catalog.TestHttp;
import dev.meshbone.catalog.TestPublisher;
import dev.meshbone.catalog.app.CatalogService;
import dev.meshbone.catalog.config.CatalogConfig;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * watch a new product appear live. Screenshots land in {@code target/screenshots/}.
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
        // Given: Chromium is installed (.ci/run installs it), and a catalog with a few products
        assertThat(CHROMIUM).as("Chromium is needed for the browser test: apt-get install chromium chromium-driver "
                + "(.ci/run does this)").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver is needed for the browser test: apt-get install chromium-driver "
                + "(.ci/run does this)").isExecutable();
        Map<String, String> settings = TestCatalogs.settings(cluster.kafkaSettings(),
                MeshClusterExtension.uniqueName("catalog-web"), tmp.resolve("state"));
        CatalogConfig config = CatalogConfig.from(settings);
        CatalogService catalog = CatalogService.start(config);
        ChromeDriverService driverService = null;
        WebDriver browser = null;
        try (TestPublisher publish = new TestPublisher(cluster.clientProperties(), config.topics())) {
            seed(publish);
            String base = "http://127.0.0.1:" + catalog.httpPort() + "/";
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    TestHttp.get(base + "api/products").json().path("count").asInt() == 5);
            driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            browser = new ChromeDriver(driverService, options(tmp.resolve("chromium-profile")));

            // When: the page loads
            browser.get(base);

            // Then: the table lists every product
            WebDriver b = browser;
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
        } finally {
            if (browser != null) {
                browser.quit();
            }
            if (driverService != null) {
                driverService.stop();
            }
            catalog.close();
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
