package dev.meshbone.governance.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Measures how often the detectors flag realistic non-personal strings: the values that fill SKU, name, id, time,
 * amount and URL fields in real products. The goal is under 0.1%; the measured rate is printed for the report.
 */
class FalsePositiveRateTest {

    private static final String[] ADJECTIVES = {"Trail", "Classic", "Ultra", "Compact", "Organic", "Wireless",
            "Heavy-duty", "Slim", "Vintage", "Smart", "Eco", "Pro"};
    private static final String[] NOUNS = {"running shoe", "coffee grinder", "backpack", "desk lamp", "headphones",
            "water bottle", "yoga mat", "kettle", "office chair", "phone case", "charger 65W", "monitor 27\""};
    private static final String[] HOSTS = {"shop.example.com", "cdn.meshbone.dev", "api.example.org",
            "static.acme-retail.eu", "images.example.net"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF", "JPY"};

    static List<Function<Random, String>> generators() {
        List<Function<Random, String>> g = new ArrayList<>();
        g.add(r -> ADJECTIVES[r.nextInt(ADJECTIVES.length)] + " " + NOUNS[r.nextInt(NOUNS.length)]
                + (r.nextBoolean() ? ", size " + (36 + r.nextInt(12)) : ""));
        g.add(r -> String.format("SKU-%04d-%04d-%02d", r.nextInt(10000), r.nextInt(10000), r.nextInt(100)));
        g.add(r -> String.format("%s-%06d", new String[] {"PRD", "ART", "ITM"}[r.nextInt(3)], r.nextInt(1_000_000)));
        g.add(r -> String.format("ORD-%d-%06d", 2020 + r.nextInt(7), r.nextInt(1_000_000)));
        g.add(r -> new UUID(r.nextLong(), r.nextLong()).toString());
        g.add(r -> Instant.ofEpochSecond(1_600_000_000L + r.nextInt(200_000_000)).toString());
        g.add(r -> Instant.ofEpochSecond(1_600_000_000L + r.nextInt(200_000_000)).plusMillis(r.nextInt(1000))
                .truncatedTo(ChronoUnit.MILLIS).toString());
        g.add(r -> String.valueOf(1_600_000_000_000L + (long) (r.nextDouble() * 200_000_000_000L)));
        g.add(r -> String.format("%s %,.2f", CURRENCIES[r.nextInt(CURRENCIES.length)], r.nextDouble() * 10_000));
        g.add(r -> String.format("%.2f", r.nextDouble() * 100_000));
        g.add(r -> "https://" + HOSTS[r.nextInt(HOSTS.length)] + "/products/" + r.nextInt(100_000)
                + "?variant=" + r.nextInt(1000) + "&utm_source=newsletter");
        g.add(r -> "https://" + HOSTS[r.nextInt(HOSTS.length)] + "/img/" + new UUID(r.nextLong(), r.nextLong())
                + ".jpg");
        g.add(r -> String.format("%d.%d.%d", r.nextInt(5), r.nextInt(30), r.nextInt(100)));
        g.add(r -> String.format("%08x%08x", r.nextInt(), r.nextInt()));
        g.add(r -> String.format("1Z%03X%03X%010d", r.nextInt(4096), r.nextInt(4096), r.nextInt(1_000_000_000)));
        g.add(r -> String.format("WH-%s-%02d", new String[] {"LYON", "BERLIN", "MADRID", "AUSTIN"}[r.nextInt(4)],
                r.nextInt(100)));
        g.add(r -> String.format("batch %d of %d, %d items, %.1f kg", r.nextInt(50), 50, r.nextInt(500),
                r.nextDouble() * 100));
        g.add(r -> String.format("%02d:%02d:%02d", r.nextInt(24), r.nextInt(60), r.nextInt(60)));
        g.add(r -> String.format("EAN %013d", Math.abs(r.nextLong()) % 10_000_000_000_000L));
        return g;
    }

    @Test
    void shouldFlagFewerThanOneInAThousandNonPersonalStrings() {
        // Given
        Random random = new Random(20261125);
        List<Function<Random, String>> generators = generators();
        int perKind = 5_000;
        Map<Integer, Integer> flaggedByKind = new TreeMap<>();
        List<String> examples = new ArrayList<>();

        // When
        int total = 0;
        int flagged = 0;
        for (int kind = 0; kind < generators.size(); kind++) {
            for (int i = 0; i < perKind; i++) {
                String text = generators.get(kind).apply(random);
                total++;
                if (PiiDetectors.scan(text).isPresent()) {
                    flagged++;
                    flaggedByKind.merge(kind, 1, Integer::sum);
                    if (examples.size() < 10) {
                        examples.add(text + " → " + PiiDetectors.scan(text).get().category());
                    }
                }
            }
        }

        // Then
        double rate = (double) flagged / total;
        System.out.printf("PII detector false-positive rate: %d of %d non-personal strings = %.4f%% (by kind %s)%n",
                flagged, total, rate * 100, flaggedByKind);
        examples.forEach(e -> System.out.println("  flagged: " + e));
        assertThat(rate).as("false-positive rate").isLessThan(0.001);
    }
}
