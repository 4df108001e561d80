package org.opensafeguarding.engine;

/** {@link GatewayAndMappingTest} with the client sending its commands over gRPC instead of REST. */
@EngineTestSupport.OverGrpc
class GatewayAndMappingOverGrpcTest extends GatewayAndMappingTest {
}
