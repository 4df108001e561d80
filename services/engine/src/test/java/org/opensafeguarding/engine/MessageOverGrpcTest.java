package org.opensafeguarding.engine;

/** {@link MessageTest} with the client sending its commands over gRPC instead of REST. */
@EngineTestSupport.OverGrpc
class MessageOverGrpcTest extends MessageTest {
}
