package org.opensafeguarding.engine;

/** {@link StoreFailureTest} with the client sending its commands over gRPC: UNAVAILABLE with RetryInfo. */
@EngineTestSupport.OverGrpc
class StoreFailureOverGrpcTest extends StoreFailureTest {
}
