package org.opensafeguarding.engine;

/** {@link StructureTest} with the client sending its commands over gRPC instead of REST. */
@EngineTestSupport.OverGrpc
class StructureOverGrpcTest extends StructureTest {
}
