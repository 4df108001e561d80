package org.opensafeguarding.engine;

/** {@link DeploymentTest} with the client sending its commands over gRPC instead of REST. */
@EngineTestSupport.OverGrpc
class DeploymentOverGrpcTest extends DeploymentTest {
}
