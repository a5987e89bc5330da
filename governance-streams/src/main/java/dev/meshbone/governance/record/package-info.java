/**
 * The compiled record path: what governance does to the bytes of a writer schema's records (validate, scan the
 * strings no tag covers, read the fields the rules read, protect the tagged ones), compiled once per contract and
 * writer schema and run on the Avro binary in place.
 */
package dev.meshbone.governance.record;
