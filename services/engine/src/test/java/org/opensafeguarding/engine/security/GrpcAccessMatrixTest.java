package org.opensafeguarding.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.engine.security.Principals.Principal;
import org.opensafeguarding.identity.access.AccessMatrix;

/**
 * Every method of the Zeebe {@code Gateway} service descriptor for every caller, over a raw channel whose
 * interceptor sets the {@code authorization} metadata: {@code UNAUTHENTICATED} without a valid token,
 * {@code PERMISSION_DENIED} when the {@code engine-grpc} section of the matrix allows none of the token's roles,
 * and any other status when it allows one (an empty request is then usually INVALID_ARGUMENT or NOT_FOUND, an
 * unsupported RPC UNIMPLEMENTED).
 */
class GrpcAccessMatrixTest {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static RunningEngine engine;
    private static ManagedChannel channel;
    private static AccessMatrix.ServiceRules rules;

    @BeforeAll
    static void startEngine() {
        engine = SecuredEngine.start(false);
        channel = NettyChannelBuilder.forAddress(engine.grpcAddress().getHost(), engine.grpcAddress().getPort())
                .usePlaintext().build();
        rules = AccessMatrix.load().service("engine-grpc");
    }

    @AfterAll
    static void stopEngine() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void everyGatewayMethodAnswersEveryCallerAsTheMatrixSays() throws Exception {
        List<MethodDescriptor<?, ?>> methods = new ArrayList<>(GatewayGrpc.getServiceDescriptor().getMethods());
        assertThat(methods).extracting(MethodDescriptor::getBareMethodName)
                .contains("Topology", "DeployResource", "ActivateJobs", "StreamActivatedJobs", "CompleteJob");
        List<Principal> principals = Principals.all();

        int cases = 0;
        List<String> leaks = new ArrayList<>();
        Map<String, Integer> codes = new TreeMap<>();
        for (MethodDescriptor<?, ?> method : methods) {
            String name = method.getBareMethodName();
            for (Principal principal : principals) {
                Status.Code expected = switch (principal.kind()) {
                    case NO_TOKEN, REFUSED_TOKEN -> Status.Code.UNAUTHENTICATED;
                    case VALID_TOKEN -> rules.allows(principal.roles(), "GRPC", name) ? null
                            : Status.Code.PERMISSION_DENIED;
                };
                Status status = call(method, principal.token());
                cases++;
                codes.merge((expected == null ? "allowed" : expected.name()) + "=" + status.getCode(), 1,
                        Integer::sum);
                boolean asExpected = expected == null
                        ? status.getCode() != Status.Code.UNAUTHENTICATED
                                && status.getCode() != Status.Code.PERMISSION_DENIED
                        : status.getCode() == expected;
                if (!asExpected) {
                    leaks.add("GRPC " + name + " as " + principal + ": expected "
                            + (expected == null ? "to get through" : expected) + ", got " + status);
                }
            }
        }
        List<String> closed = methods.stream().map(MethodDescriptor::getBareMethodName)
                .filter(name -> rules.ruleFor("GRPC", name).isEmpty()).toList();
        System.out.printf("engine gRPC matrix: %d methods x %d callers = %d cases, %d leaks%n", methods.size(),
                principals.size(), cases, leaks.size());
        System.out.println("engine gRPC matrix: answers by expectation " + codes);
        System.out.println("engine gRPC matrix: methods without a rule (closed to everyone): " + closed);
        leaks.stream().limit(40).forEach(leak -> System.out.println("LEAK " + leak));
        assertThat(leaks).as("answers that differ from the access matrix").isEmpty();
    }

    /** One call with the method's empty request (ActivateJobs without long polling); its closing status. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Status call(MethodDescriptor method, String token) throws Exception {
        Object request = "ActivateJobs".equals(method.getBareMethodName())
                ? ActivateJobsRequest.newBuilder().setType("matrix").setMaxJobsToActivate(1).setTimeout(1000)
                        .setRequestTimeout(-1).build()
                : ((MethodDescriptor.PrototypeMarshaller) method.getRequestMarshaller()).getMessagePrototype();
        Channel authorized = ClientInterceptors.intercept(channel, bearer(token));
        // a stream the matrix lets through stays open: its deadline ends it
        ClientCall call = authorized.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        call.start(new ClientCall.Listener() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, new Metadata());
        call.request(Integer.MAX_VALUE);
        call.sendMessage(request);
        call.halfClose();
        return closed.get(30, TimeUnit.SECONDS);
    }

    private static ClientInterceptor bearer(String token) {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                                                         Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        if (token != null) {
                            headers.put(AUTHORIZATION, "Bearer " + token);
                        }
                        super.start(listener, headers);
                    }
                };
            }
        };
    }
}
