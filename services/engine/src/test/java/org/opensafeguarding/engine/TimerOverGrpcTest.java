package org.opensafeguarding.engine;

/** {@link TimerTest} with the client sending its commands over gRPC instead of REST. */
@EngineTestSupport.OverGrpc
class TimerOverGrpcTest extends TimerTest {
}
