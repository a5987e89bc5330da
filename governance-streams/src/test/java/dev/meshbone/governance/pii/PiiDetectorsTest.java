package dev.meshbone.governance.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.schemas.PiiCategory;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiDetectorsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "jane.doe@example.com | EMAIL",
            "contact: J.Smith+orders@mail.example.co.uk, thanks | EMAIL",
            "https://shop.example.com/unsubscribe?email=jane@example.org | EMAIL",
            "+33 6 12 34 56 78 | PHONE",
            "call +1 (415) 555-2671 after 5pm | PHONE",
            "(415) 555-2671 | PHONE",
            "06 12 34 56 78 | PHONE",
            "415-555-2671 | PHONE",
            "4111 1111 1111 1111 | PAYMENT_CARD",
            "card 5500-0000-0000-0004 exp 12/29 | PAYMENT_CARD",
            "378282246310005 | PAYMENT_CARD",
            "DE89 3704 0044 0532 0130 00 | IBAN",
            "pay to GB82WEST12345698765432 please | IBAN",
            "FR1420041010050500013M02606 | IBAN",
            "SSN 078-05-1120 on file | NATIONAL_ID",
            "client ip 192.168.10.42 | IP_ADDRESS",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334 | IP_ADDRESS",
            "fe80::1ff:fe23:4567:890a | IP_ADDRESS"})
    void shouldFindPersonalData(String text, String category) {
        assertThat(PiiDetectors.scan(text)).map(PiiDetectors.Finding::category).contains(category);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "4111 1111 1111 1112",              // 16 digits, fails Luhn
            "411111111111112",                  // 15 digits, Visa prefix, fails Luhn and length
            "378282246310006",                  // Amex length, fails Luhn
            "1700000000000",                    // epoch millis: no card issuer starts with 1
            "https://medium.com/@meshbone",     // @ without a domain
            "git@github",                       // no top-level domain
            "DE89 3704 0044 0532 0130 01",      // IBAN with a wrong check
            "000-12-3456",                      // SSN area 000 is never issued
            "666-12-3456",                      // nor 666
            "2026-11-25T20:04:41Z",             // ISO timestamp
            "2026-11-25",                       // ISO date
            "20:04:41.123",                     // time
            "1.2.3",                            // version
            "0.0.1.2",                          // version with a leading 0
            "999.1.1.1",                        // not an address: octet > 255
            "SKU-4411-2209-13",                 // SKU
            "ORD-2026-000123",                  // order id
            "3f2504e0-4f89-11d3-9a0c-0305e82c3301", // UUID
            "EUR 1,299.99",                     // amount
            "Trail running shoe, size 42"})
    void shouldNotFlagNearMisses(String text) {
        assertThat(PiiDetectors.scan(text)).isEqualTo(Optional.empty());
    }

    @Test
    void shouldLookForTheOtherCategoriesWhenOneIsAllowed() {
        // Given a SKU that passes the card check, and a phone number after it
        String text = "SKU 4111 1111 1111 1111, call 06 12 34 56 78";

        // When / Then
        assertThat(PiiDetectors.scan(text)).map(PiiDetectors.Finding::category).contains("PAYMENT_CARD");
        assertThat(PiiDetectors.scan(text, Set.of(PiiCategory.PAYMENT_CARD))).map(PiiDetectors.Finding::category)
                .contains("PHONE");
        assertThat(PiiDetectors.scan(text, Set.of(PiiCategory.PAYMENT_CARD, PiiCategory.PHONE))).isEmpty();
        assertThat(PiiDetectors.scan("gateway 10.1.2.3", Set.of(PiiCategory.IP_ADDRESS))).isEmpty();
        assertThat(PiiDetectors.scan("fe80::1ff:fe23:4567:890a", Set.of(PiiCategory.IP_ADDRESS))).isEmpty();
        assertThat(PiiDetectors.scan("gateway 10.1.2.3", Set.of(PiiCategory.EMAIL))).isPresent();
    }

    @ParameterizedTest
    @CsvSource({"4111111111111111, true", "4111111111111112, false", "79927398713, true", "79927398710, false"})
    void shouldCheckLuhn(String number, boolean valid) {
        assertThat(PiiDetectors.luhn(number)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"GB82WEST12345698765432, true", "GB82WEST12345698765433, false", "NL91ABNA0417164300, true"})
    void shouldCheckIbanMod97(String iban, boolean valid) {
        assertThat(PiiDetectors.mod97(iban)).isEqualTo(valid);
    }
}
