package org.opensafeguarding.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;

class TestIdentityTest {

    private final TestIdentity identity = TestIdentity.shared();

    @Test
    void userTokenComesFromTheProviderWithTheClaimsAskedFor() {
        String token = identity.userToken("kit-lado", Set.of("LADO_OFFICER"), Set.of("lado"), Set.of("ESX"));

        Jwt jwt = verifier().decode(token);
        assertThat(jwt.getSubject()).isEqualTo("kit-lado");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("LADO_OFFICER");
        assertThat(jwt.getClaimAsStringList("groups")).containsExactly("lado");
        assertThat(jwt.getClaimAsStringList("tenants")).containsExactly("ESX");
        assertThat(jwt.getClaimAsString("client_id")).isEqualTo(TestIdentity.WEB_CLIENT);
        assertThat(jwt.getClaims()).doesNotContainKey("name");

        assertThat(identity.userToken("kit-lado", Set.of("LADO_OFFICER"), Set.of("lado"), Set.of("ESX")))
                .as("cached").isEqualTo(token);
        String promoted = identity.userToken("kit-lado", Set.of("LADO_MANAGER"), Set.of("lado"), Set.of("ESX"));
        assertThat(verifier().decode(promoted).getClaimAsStringList("roles")).containsExactly("LADO_MANAGER");
    }

    @Test
    void concurrentCallersShareOneSignIn() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> calls = pool.invokeAll(List.of(
                    () -> identity.userToken("kit-cdop", Set.of("CDOP_COORDINATOR"), Set.of(), Set.of("BHC")),
                    () -> identity.userToken("kit-cdop", Set.of("CDOP_COORDINATOR"), Set.of(), Set.of("BHC")),
                    () -> identity.userToken("kit-cdop", Set.of("CDOP_COORDINATOR"), Set.of(), Set.of("BHC")),
                    () -> identity.userToken("kit-cdop", Set.of("CDOP_COORDINATOR"), Set.of(), Set.of("BHC"))));
            assertThat(calls.stream().map(TestIdentityTest::get).distinct()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientTokenAndSecretForAMachine() {
        String secret = identity.registerClient("kit-mash", Set.of("INTEGRATION"), Set.of("ESX"));
        assertThat(identity.registerClient("kit-mash", Set.of("INTEGRATION"), Set.of("ESX"))).isEqualTo(secret);

        String token = identity.clientToken("kit-mash", Set.of("INTEGRATION"), Set.of("ESX"));

        Jwt jwt = verifier().decode(token);
        assertThat(jwt.getSubject()).isEqualTo("kit-mash");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("INTEGRATION");
        assertThat(jwt.getClaimAsStringList("tenants")).containsExactly("ESX");
        assertThat(identity.clientToken("kit-mash", Set.of("INTEGRATION"), Set.of("ESX"))).isEqualTo(token);
        assertThat(identity.registerClient("kit-mash", Set.of("INTEGRATION"), Set.of("ESX"))).isEqualTo(secret);
    }

    @Test
    void expiredTokenIsRefusedForItsExpiryOnly() {
        String expired = identity.expiredUserToken("kit-lado", Set.of("LADO_OFFICER"), Set.of("lado"), Set.of("ESX"));

        assertThatThrownBy(() -> verifier().decode(expired)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        NimbusJwtDecoder signatureOnly = NimbusJwtDecoder.withJwkSetUri(identity.issuer() + "/oauth2/jwks").build();
        signatureOnly.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        Jwt jwt = signatureOnly.decode(expired);
        assertThat(jwt.getIssuer().toString()).isEqualTo(identity.issuer().toString());
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("LADO_OFFICER");
    }

    @Test
    void foreignTokenIsRefused() {
        String foreign = identity.foreignIssuerToken("kit-lado", Set.of("LADO_OFFICER"), Set.of(), Set.of("ESX"));

        assertThatThrownBy(() -> verifier().decode(foreign)).isInstanceOf(BadJwtException.class);
        assertThat(foreign.split("\\.")).hasSize(3);
    }

    @Test
    void registersTheIssuerForAResourceServer() {
        Map<String, Supplier<Object>> properties = new HashMap<>();
        DynamicPropertyRegistry registry = properties::put;

        TestIdentity.register(registry);

        assertThat(properties.get("safeguarding.security.issuer-uri").get()).isEqualTo(identity.issuer().toString());
        assertThat(identity.tokenEndpoint().toString()).isEqualTo(identity.issuer() + "/oauth2/token");
    }

    private NimbusJwtDecoder verifier() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(identity.issuer() + "/oauth2/jwks").build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(identity.issuer().toString()));
        return decoder;
    }

    private static String get(Future<String> call) {
        try {
            return call.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
