package org.opensafeguarding.engine;

/** {@link InDoubtCommitTest} with the client sending its commands over gRPC. */
@EngineTestSupport.OverGrpc
class InDoubtCommitOverGrpcTest extends InDoubtCommitTest {
}
