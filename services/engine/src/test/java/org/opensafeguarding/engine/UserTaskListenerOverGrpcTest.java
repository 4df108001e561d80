package org.opensafeguarding.engine;

/** {@link UserTaskListenerTest} with jobs activated and completed over gRPC (user task commands stay REST). */
@EngineTestSupport.OverGrpc
class UserTaskListenerOverGrpcTest extends UserTaskListenerTest {
}
