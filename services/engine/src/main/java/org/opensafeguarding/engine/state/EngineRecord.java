package org.opensafeguarding.engine.state;

/**
 * One persisted entity. Fields are public and plain so that Jackson writes them without ceremony; only the
 * processing thread mutates them.
 */
public abstract class EngineRecord {
    public long key;

    /** Name under which the record is stored; also the class lookup when loading. */
    public abstract RecordKind kind();
}
