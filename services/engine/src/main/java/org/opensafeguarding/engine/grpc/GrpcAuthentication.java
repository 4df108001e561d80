package org.opensafeguarding.engine.grpc;

import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.IdentityConverter;
import org.opensafeguarding.identity.access.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Bearer tokens on the gRPC gateway, with the same rules as REST: the {@code authorization: Bearer <jwt>} metadata
 * is verified by the service's one {@link JwtDecoder} (signature, issuer, expiry, audience), read into an
 * {@link Identity} by the {@link IdentityConverter}, and the call goes on only when one of the caller's roles is
 * allowed for {@code GRPC <Method>} in the {@code engine-grpc} section of the access matrix. No token or a refused
 * one ends the call {@code UNAUTHENTICATED}, a role the matrix does not allow {@code PERMISSION_DENIED}; a method
 * without a rule is closed to everyone.
 *
 * <p>gRPC starts calls (and so runs this interceptor) on the server's call executor, not on the Netty event loop;
 * verifying a signature there is fine. Every call is verified afresh: nothing is cached, so an expired token never
 * passes because an earlier call with it did. A long-lived call (a job stream, a long poll) is checked when it
 * starts.
 */
public final class GrpcAuthentication implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcAuthentication.class);

    static final String MATRIX_SECTION = "engine-grpc";
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "bearer ";

    private final JwtDecoder decoder;
    private final IdentityConverter converter;
    /** Allowed roles per bare method name, read once from the matrix; a method missing here is closed. */
    private final Map<String, Set<Role>> allowed;

    public GrpcAuthentication(JwtDecoder decoder, IdentityConverter converter, AccessMatrix matrix) {
        this.decoder = decoder;
        this.converter = converter;
        AccessMatrix.ServiceRules rules = matrix.service(MATRIX_SECTION);
        Map<String, Set<Role>> byMethod = new HashMap<>();
        for (MethodDescriptor<?, ?> method : GatewayGrpc.getServiceDescriptor().getMethods()) {
            String name = method.getBareMethodName();
            rules.ruleFor("GRPC", name).ifPresent(rule -> byMethod.put(name, rule.roles()));
        }
        this.allowed = Map.copyOf(byMethod);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        String header = headers.get(AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(
                    "this call needs a bearer token from the engine's identity provider (authorization metadata)"));
        }
        Identity identity;
        try {
            Jwt jwt = decoder.decode(header.substring(BEARER.length()).trim());
            identity = converter.identify(jwt);
        } catch (RuntimeException refused) {
            // JwtException for a bad, expired or foreign token; anything else (the issuer cannot be reached yet)
            // refuses the call too, never lets it through
            LOG.debug("gRPC {} refused: {}", method, refused.getClass().getSimpleName());
            return refuse(call, Status.UNAUTHENTICATED.withDescription(
                    "the bearer token was refused (expired, from another issuer, or not signed by it)"));
        }
        Set<Role> roles = allowed.get(method);
        if (roles == null || !identity.hasAny(roles)) {
            LOG.debug("gRPC {} denied to {}", method, identity.actor());
            return refuse(call, Status.PERMISSION_DENIED.withDescription(
                    "your roles do not allow GRPC " + method + " (docs/security.md, access matrix)"));
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
