package org.opensafeguarding.identity.access;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the one token verifier a service uses, for HTTP and gRPC alike: signature by the issuer's published keys,
 * exact issuer, expiry and not-before (60 s skew), and the audience when one is configured.
 *
 * <p>The issuer's discovery document is read on the first token, not at start-up, so a service can start while its
 * identity provider is still coming up; until it answers, every request is refused (401), never let through.
 */
public final class TokenDecoders {

    private TokenDecoders() {
    }

    public static JwtDecoder forProperties(SecurityProperties properties) {
        String issuer = properties.issuerUri();
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("safeguarding.security.issuer-uri is not set: the service refuses to start "
                    + "without an identity provider to trust (docs/security.md)");
        }
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = properties.jwkSetUri() == null || properties.jwkSetUri().isBlank()
                    ? (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer)
                    : NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
            List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
            validators.add(JwtValidators.createDefaultWithIssuer(issuer));
            if (!properties.audiences().isEmpty()) {
                validators.add(audience(properties.audiences()));
            }
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
            return decoder;
        });
    }

    private static OAuth2TokenValidator<Jwt> audience(List<String> accepted) {
        OAuth2Error wrongAudience = new OAuth2Error("invalid_token", "the token is not for this service", null);
        return jwt -> jwt.getAudience() != null && jwt.getAudience().stream().anyMatch(accepted::contains)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(wrongAudience);
    }
}
