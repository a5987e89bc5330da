package dev.meshbone.schemas;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of personal data a field can be tagged with ({@code "pii": "EMAIL"} on the Avro field). */
public enum PiiCategory {
    EMAIL,
    PHONE,
    NAME,
    ADDRESS,
    DATE_OF_BIRTH,
    NATIONAL_ID,
    PAYMENT_CARD,
    IBAN,
    IP_ADDRESS,
    GEOLOCATION,
    OTHER;

    /** The category for a tag value, case-insensitive; empty for an unknown one. */
    public static Optional<PiiCategory> parse(String tag) {
        return Arrays.stream(values()).filter(c -> c.name().equalsIgnoreCase(tag)).findFirst();
    }
}
