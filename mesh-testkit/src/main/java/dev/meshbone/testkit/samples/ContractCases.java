package dev.meshbone.testkit.samples;

import static dev.meshbone.testkit.samples.ContractCase.Answer.drop;
import static dev.meshbone.testkit.samples.ContractCase.Answer.token;

import dev.meshbone.events.PiiProtection;
import dev.meshbone.schemas.PiiCategory;
import java.util.List;
import java.util.Map;

/**
 * The personal-data cases the SDK's view, governance's behaviour and the catalog's entry must answer alike: nullable
 * records, unions, arrays, maps, records inside arrays, non-string personal data, own tags inside tagged records.
 * Every schema is a product {@code cases.<name>} of record type {@code Subject}.
 */
public final class ContractCases {

    private ContractCases() {
    }

    public static List<ContractCase> all() {
        return List.of(
                new ContractCase("tagged nullable record",
                        schema("""
                                {"name": "id", "type": "string", "pii": "NONE"},
                                {"name": "home", "pii": "ADDRESS", "default": null, "type": ["null",
                                  {"type": "record", "name": "Home", "fields": [
                                    {"name": "street", "type": "string"},
                                    {"name": "floor", "type": "int"},
                                    {"name": "country", "type": "string", "pii": "NONE"}]}]}"""),
                        Map.of(PiiCategory.ADDRESS, PiiProtection.MASK),
                        """
                                {"id": "S-1", "home": {"cases.Home": {"street": "12 Rue de la Republique", "floor": 3,
                                  "country": "FR"}}}""",
                        Map.of("home.street", token(PiiCategory.ADDRESS, PiiProtection.MASK),
                                "home.floor", drop(PiiCategory.ADDRESS, 0))),
                new ContractCase("tagged union of string and int",
                        schema("""
                                {"name": "id", "type": "string", "pii": "NONE"},
                                {"name": "contact", "pii": "PHONE", "default": null,
                                 "type": ["null", "string", "int"]}"""),
                        Map.of(PiiCategory.PHONE, PiiProtection.HASH),
                        """
                                {"id": "S-2", "contact": {"string": "+33 6 12 34 56 78"}}""",
                        Map.of("contact", drop(PiiCategory.PHONE, null))),
                new ContractCase("tagged array and map of strings",
                        schema("""
                                {"name": "id", "type": "string", "pii": "NONE", "pii.subject": "customer"},
                                {"name": "phones", "pii": "PHONE", "type": {"type": "array", "items": "string"}},
                                {"name": "emails", "pii": "EMAIL",
                                 "type": ["null", {"type": "map", "values": "string"}], "default": null}"""),
                        Map.of(PiiCategory.PHONE, PiiProtection.HASH, PiiCategory.EMAIL, PiiProtection.ENCRYPT),
                        """
                                {"id": "S-3", "phones": ["+33 6 12 34 56 78", "+1 415 555 0100"],
                                 "emails": {"map": {"work": "jane@example.com", "home": "jd@example.org"}}}""",
                        Map.of("phones[]", token(PiiCategory.PHONE, PiiProtection.HASH),
                                "emails{}", token(PiiCategory.EMAIL, PiiProtection.ENCRYPT))),
                new ContractCase("records inside a tagged array",
                        schema("""
                                {"name": "id", "type": "string", "pii": "NONE"},
                                {"name": "people", "pii": "NAME", "type": {"type": "array", "items":
                                  {"type": "record", "name": "Person", "fields": [
                                    {"name": "name", "type": "string"},
                                    {"name": "age", "type": ["null", "int"], "default": null}]}}}"""),
                        Map.of(),
                        """
                                {"id": "S-4", "people": [{"name": "Jane Doe", "age": {"int": 41}},
                                  {"name": "John Roe", "age": null}]}""",
                        Map.of("people[].name", token(PiiCategory.NAME, PiiProtection.HASH),
                                "people[].age", drop(PiiCategory.NAME, null))),
                new ContractCase("personal data that is not a string",
                        schema("""
                                {"name": "id", "type": "string", "pii": "NONE"},
                                {"name": "birthYear", "type": "int", "pii": "DATE_OF_BIRTH"},
                                {"name": "position", "type": ["null", "double"], "default": null, "pii": "GEOLOCATION"},
                                {"name": "vip", "type": "boolean", "default": true, "pii": "OTHER"}"""),
                        Map.of(PiiCategory.GEOLOCATION, PiiProtection.MASK),
                        """
                                {"id": "S-5", "birthYear": 1984, "position": {"double": 45.76}, "vip": false}""",
                        Map.of("birthYear", drop(PiiCategory.DATE_OF_BIRTH, 0),
                                "position", drop(PiiCategory.GEOLOCATION, null),
                                "vip", drop(PiiCategory.OTHER, true))),
                new ContractCase("a string protected with DROP",
                        schema("""
                                {"name": "id", "type": "string", "pii": "NONE"},
                                {"name": "email", "type": "string", "pii": "EMAIL"},
                                {"name": "note", "type": ["null", "string"], "default": null, "pii": "OTHER"}"""),
                        Map.of(PiiCategory.EMAIL, PiiProtection.DROP, PiiCategory.OTHER, PiiProtection.DROP),
                        """
                                {"id": "S-6", "email": "jane@example.com", "note": {"string": "call after 6"}}""",
                        Map.of("email", drop(PiiCategory.EMAIL, ""), "note", drop(PiiCategory.OTHER, null))));
    }

    private static String schema(String fields) {
        return "{\"type\": \"record\", \"name\": \"Subject\", \"namespace\": \"cases\", \"fields\": [" + fields + "]}";
    }
}
