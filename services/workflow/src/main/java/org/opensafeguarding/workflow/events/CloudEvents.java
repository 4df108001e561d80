package org.opensafeguarding.workflow.events;

/** CloudEvents 1.0 attribute names and the media type, as used on both topics. */
public final class CloudEvents {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
    public static final String STRUCTURED_JSON = "application/cloudevents+json";

    public static final String SPECVERSION = "specversion";
    public static final String ID = "id";
    public static final String SOURCE = "source";
    public static final String TYPE = "type";
    public static final String SUBJECT = "subject";
    public static final String TIME = "time";
    public static final String DATACONTENTTYPE = "datacontenttype";
    public static final String DATASCHEMA = "dataschema";
    public static final String DATA = "data";
    /** Partitioning extension: the record key, repeated in the envelope for consumers that lose the key. */
    public static final String PARTITIONKEY = "partitionkey";
    /** Sequence extension: position of the event in its case's history. */
    public static final String SEQUENCE = "sequence";
    /** Extension naming the partnership (tenant) a referral is for. */
    public static final String TENANTID = "tenantid";

    private CloudEvents() {
    }
}
