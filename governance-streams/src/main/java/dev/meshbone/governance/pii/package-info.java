/**
 * Personal data: detectors that catch untagged PII in string fields (check 4), and the protections MASK, HASH,
 * ENCRYPT (under the data subject's key) and DROP applied to tagged fields before a record goes public (step 6).
 */
package dev.meshbone.governance.pii;
