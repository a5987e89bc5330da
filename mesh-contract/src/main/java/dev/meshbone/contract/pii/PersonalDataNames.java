package dev.meshbone.contract.pii;

import dev.meshbone.schemas.PiiCategory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Guesses from a field's name whether it holds personal data, and of which category. Deliberately eager: a false
 * alarm costs the author one {@code "pii": "NONE"}, a miss leaks personal data to every consumer. Names are split
 * into words ({@code customerEmail}, {@code customer_email}, {@code CUSTOMER-EMAIL} are all {@code customer email}).
 *
 * <p>{@code name} alone, or after a word that means a person ({@code firstName}, {@code recipientName},
 * {@code contact_name}), is a person's name; {@code productName}, {@code fileName} or {@code hostName} are not.
 */
public final class PersonalDataNames {

    private static final Set<String> PERSON_WORDS = Set.of(
            "first", "last", "full", "given", "family", "middle", "maiden", "nick", "sur", "fore", "user", "display",
            "customer", "client", "person", "contact", "recipient", "sender", "receiver", "buyer", "payer", "payee",
            "patient", "employee", "member", "passenger", "guest", "driver", "owner", "holder", "cardholder",
            "beneficiary", "legal", "billing", "shipping", "emergency", "mother", "father", "spouse", "parent",
            "child", "account", "applicant", "student", "author", "subscriber", "consignee");
    private static final Set<String> NAME_WORDS = Set.of("surname", "firstname", "lastname", "fullname", "forename",
            "givenname", "familyname", "middlename", "maidenname", "nickname", "username", "displayname");

    private PersonalDataNames() {
    }

    /** The category the name suggests, or empty when it does not look personal. */
    public static Optional<PiiCategory> suggest(String fieldName) {
        List<String> words = words(fieldName);
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String joined = String.join("", words);
        if (joined.contains("email") || words.contains("mail")) {
            return Optional.of(PiiCategory.EMAIL);
        }
        if (words.contains("ip") || words.contains("ipv4") || words.contains("ipv6") || joined.contains("ipaddress")
                || joined.startsWith("ipaddr")) {
            return Optional.of(PiiCategory.IP_ADDRESS);
        }
        if (joined.contains("phone") || anyOf(words, "mobile", "msisdn", "fax", "tel", "mobilenumber")) {
            return Optional.of(PiiCategory.PHONE);
        }
        if (joined.contains("birth") || words.contains("dob")) {
            return Optional.of(PiiCategory.DATE_OF_BIRTH);
        }
        if (isNationalId(words, joined)) {
            return Optional.of(PiiCategory.NATIONAL_ID);
        }
        if (joined.contains("creditcard") || joined.contains("cardnumber")
                || anyOf(words, "card", "cards", "pan", "cvv", "cvc")) {
            return Optional.of(PiiCategory.PAYMENT_CARD);
        }
        if (joined.contains("iban") || joined.contains("bankaccount") || joined.contains("accountnumber")) {
            return Optional.of(PiiCategory.IBAN);
        }
        if (anyOf(words, "latitude", "longitude", "lat", "lng", "lon", "geolocation", "geo", "gps", "coordinates",
                "geohash")) {
            return Optional.of(PiiCategory.GEOLOCATION);
        }
        if (joined.contains("address") || joined.contains("street") || joined.contains("postcode")
                || joined.contains("zipcode") || joined.contains("postalcode") || joined.contains("housenumber")
                || (words.contains("zip") && (words.size() == 1 || followedBy(words, "zip", "code")))
                || followedBy(words, "postal", "code")) {
            return Optional.of(PiiCategory.ADDRESS);
        }
        if (isPersonName(words)) {
            return Optional.of(PiiCategory.NAME);
        }
        if (anyOf(words, "gender", "ethnicity", "religion", "diagnosis", "nationality")) {
            return Optional.of(PiiCategory.OTHER);
        }
        return Optional.empty();
    }

    private static boolean isNationalId(List<String> words, String joined) {
        return anyOf(words, "ssn", "nin", "nino", "tin", "passport", "nationalid")
                || joined.contains("passport") || joined.contains("socialsecurity")
                || (words.contains("national") && anyOf(words, "id", "number", "no"))
                || (words.contains("tax") && anyOf(words, "id", "number", "no", "code"))
                || joined.contains("taxid")
                || (words.contains("identity") && anyOf(words, "card", "number", "document", "no"))
                || followedBy(words, "id", "card")
                || (anyOf(words, "driver", "drivers", "driving") && anyOf(words, "license", "licence"));
    }

    private static boolean isPersonName(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (NAME_WORDS.contains(word)) {
                return true;
            }
            if (word.equals("name") || word.equals("names")) {
                if (words.size() == 1 || (i > 0 && PERSON_WORDS.contains(words.get(i - 1)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean anyOf(List<String> words, String... candidates) {
        return Arrays.stream(candidates).anyMatch(words::contains);
    }

    private static boolean followedBy(List<String> words, String first, String second) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(first) && words.get(i + 1).equals(second)) {
                return true;
            }
        }
        return false;
    }

    /** {@code customerEmailAddress} → {@code [customer, email, address]}; {@code IPAddress} → {@code [ip, address]}. */
    static List<String> words(String name) {
        return Arrays.stream(name
                        .replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                        .replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                        .split("[^A-Za-z0-9]+"))
                .filter(w -> !w.isEmpty())
                .map(w -> w.toLowerCase(Locale.ROOT))
                .toList();
    }
}
