package org.opensafeguarding.reporting.consumption;

/** A record as it came off the topic: where it was and its bytes, unparsed, so a bad one can be kept as it was. */
public record IncomingRecord(String topic, int partition, long offset, byte[] value) {
}
