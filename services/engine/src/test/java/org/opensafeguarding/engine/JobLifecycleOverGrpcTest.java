package org.opensafeguarding.engine;

/** {@link JobLifecycleTest} with the client sending its commands over gRPC instead of REST. */
@EngineTestSupport.OverGrpc
class JobLifecycleOverGrpcTest extends JobLifecycleTest {
}
