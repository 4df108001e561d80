package org.opensafeguarding.engine.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.opensafeguarding.identity.access.Role;
import org.opensafeguarding.testkit.TestIdentity;

/**
 * Everyone the matrix tests send: no token; tokens the engine must refuse (expired, another issuer, garbage, a
 * changed signature, an unsigned one naming the right issuer); and a valid token for every role, as a machine
 * (client credentials) and as a person, plus one valid token with no role at all.
 */
final class Principals {

    enum Kind { NO_TOKEN, REFUSED_TOKEN, VALID_TOKEN }

    record Principal(String name, Kind kind, String token, Set<Role> roles) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Principals() {
    }

    static List<Principal> all() {
        TestIdentity identity = TestIdentity.shared();
        List<Principal> all = new ArrayList<>();
        all.add(new Principal("no token", Kind.NO_TOKEN, null, Set.of()));
        all.add(refused("expired token", identity.expiredUserToken("expired-operator",
                Set.of(Role.ENGINE_OPERATOR.name(), Role.WORKFLOW_SERVICE.name()), Set.of(), Set.of("default"))));
        all.add(refused("foreign-issuer token", identity.foreignIssuerToken("foreign-operator",
                Set.of(Role.ENGINE_OPERATOR.name(), Role.WORKFLOW_SERVICE.name()), Set.of(), Set.of("default"))));
        all.add(refused("garbage token", "not-a-jwt"));
        String valid = identity.clientToken("tampered-client", Set.of(Role.WORKFLOW_SERVICE.name()), Set.of());
        all.add(refused("tampered signature", tamper(valid)));
        all.add(refused("unsigned token (alg none)", unsigned(identity.issuer().toString())));
        for (Role role : Role.values()) {
            String code = role.name();
            String client = "matrix-" + code.toLowerCase(Locale.ROOT).replace('_', '-');
            all.add(new Principal(code + " client", Kind.VALID_TOKEN,
                    identity.clientToken(client, Set.of(code), Set.of("default")), EnumSet.of(role)));
            all.add(new Principal(code + " user", Kind.VALID_TOKEN,
                    identity.userToken(client + "-user", Set.of(code), Set.of(), Set.of("default")), EnumSet.of(role)));
        }
        all.add(new Principal("no-role client", Kind.VALID_TOKEN,
                identity.clientToken("matrix-no-role", Set.of(), Set.of("default")), Set.of()));
        return List.copyOf(all);
    }

    private static Principal refused(String name, String token) {
        return new Principal(name, Kind.REFUSED_TOKEN, token, Set.of());
    }

    /** The same header and claims with the signature's last bytes changed. */
    private static String tamper(String jwt) {
        int dot = jwt.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(jwt.substring(dot + 1));
        signature[signature.length - 1] ^= 0x5A;
        signature[0] ^= 0x5A;
        return jwt.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** {"alg":"none"} with the right issuer and every engine role: must never be believed. */
    private static String unsigned(String issuer) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + issuer + "\",\"sub\":\"forger\",\"iat\":" + now
                + ",\"exp\":" + (now + 600) + ",\"roles\":[\"WORKFLOW_SERVICE\",\"ENGINE_OPERATOR\"]}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }
}
