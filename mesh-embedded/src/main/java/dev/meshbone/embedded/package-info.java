/** A real Kafka broker (KRaft) and a real Apicurio Registry on this machine. */
package dev.meshbone.embedded;
