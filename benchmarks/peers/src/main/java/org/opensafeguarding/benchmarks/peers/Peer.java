package org.opensafeguarding.benchmarks.peers;

/** One engine under test: started once, then given instances to start at the benchmark's pace. */
interface Peer extends AutoCloseable {

    String name();

    /** Deploys the one-task process and makes {@code recorder} the target of what follows. */
    void prepare(Recorder recorder) throws Exception;

    /**
     * Starts one instance; {@code t0} is the moment the caller decided to start it. May block; calls
     * {@code answered} once the engine has answered the start (at once for the embedded engines).
     */
    void startInstance(long t0, Runnable answered) throws Exception;

    /** Anything the engine itself reported about the measured window (empty if nothing). */
    default String engineSide() {
        return "";
    }

    /** Marks the start of the measured window for {@link #engineSide}. */
    default void measuring() {
    }

    @Override
    void close() throws Exception;
}
