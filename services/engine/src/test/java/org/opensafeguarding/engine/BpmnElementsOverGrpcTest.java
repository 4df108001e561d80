package org.opensafeguarding.engine;

/** {@link BpmnElementsTest} with the client sending its commands over gRPC instead of REST. */
@EngineTestSupport.OverGrpc
class BpmnElementsOverGrpcTest extends BpmnElementsTest {
}
