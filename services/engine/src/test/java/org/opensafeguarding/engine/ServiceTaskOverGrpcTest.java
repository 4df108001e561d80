package org.opensafeguarding.engine;

/** {@link ServiceTaskTest} with the client sending its commands over gRPC instead of REST. */
@EngineTestSupport.OverGrpc
class ServiceTaskOverGrpcTest extends ServiceTaskTest {
}
