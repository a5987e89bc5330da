package dev.meshbone.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.contract.pii.PersonalDataNames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataNamesTest {

    @ParameterizedTest
    @CsvSource({
            "email, EMAIL", "customerEmail, EMAIL", "EMAIL_ADDRESS, EMAIL", "eMail, EMAIL", "mailAddress, EMAIL",
            "phone, PHONE", "mobileNumber, PHONE", "telephone, PHONE", "customer_msisdn, PHONE",
            "firstName, NAME", "last_name, NAME", "FULLNAME, NAME", "name, NAME", "recipientName, NAME",
            "surname, NAME", "contact-name, NAME", "username, NAME",
            "address, ADDRESS", "street, ADDRESS", "streetName, ADDRESS", "postalCode, ADDRESS", "zip, ADDRESS",
            "zipCode, ADDRESS", "postcode, ADDRESS",
            "dateOfBirth, DATE_OF_BIRTH", "birthDate, DATE_OF_BIRTH", "dob, DATE_OF_BIRTH",
            "ssn, NATIONAL_ID", "passportNumber, NATIONAL_ID", "taxId, NATIONAL_ID", "nationalId, NATIONAL_ID",
            "socialSecurityNumber, NATIONAL_ID", "driversLicense, NATIONAL_ID",
            "iban, IBAN", "bankAccount, IBAN", "accountNumber, IBAN",
            "card, PAYMENT_CARD", "creditCardNumber, PAYMENT_CARD", "cvv, PAYMENT_CARD",
            "ip, IP_ADDRESS", "ipAddress, IP_ADDRESS", "clientIPAddress, IP_ADDRESS", "source_ipv4, IP_ADDRESS",
            "latitude, GEOLOCATION", "lng, GEOLOCATION",
            "gender, OTHER"})
    void shouldSuggestTheCategoryOfAPersonalLookingName(String name, String category) {
        assertThat(PersonalDataNames.suggest(name)).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo(category));
    }

    @ParameterizedTest
    @ValueSource(strings = {"orderId", "productName", "companyName", "fileName", "hostName", "total", "currency",
            "city", "country", "shipmentId", "zipFile", "warehouse", "channel", "quantity", "timespan",
            "shippedAt", "carrier", "trackingNumber", "hotelName", "description", "tip", "skip"})
    void shouldLeaveOrdinaryNamesAlone(String name) {
        assertThat(PersonalDataNames.suggest(name)).isEmpty();
    }
}
