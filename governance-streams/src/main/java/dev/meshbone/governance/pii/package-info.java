/**
 * Personal data: detectors that catch personal data no category covers in string fields, {@code "pii": "NONE"}
 * included, less a field's {@code "pii.allow"} exceptions (check 4), and the protections MASK, HASH, ENCRYPT (under
 * the data subject's key) and DROP applied to tagged fields before a record goes public (step 6).
 */
package dev.meshbone.governance.pii;
