package org.opensafeguarding.identity.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * How a service trusts tokens: one issuer, the claims that carry each fact, and mappings for identity providers
 * that cannot issue our codes directly (Entra ID sends group object ids; docs/security.md has a worked example).
 *
 * @param issuerUri    the OIDC issuer; tokens from any other issuer are refused. Required.
 * @param jwkSetUri    optional: the issuer's key set, when discovery should not be used
 * @param audiences    optional: accepted {@code aud} values; empty accepts any audience of the issuer
 * @param claims       claim names
 * @param roleMapping  token value to role code (e.g. an Entra app-role value); values already a code pass as is
 * @param groupMapping token value to candidate group (e.g. an Entra group object id)
 * @param fixedTenants tenants granted to every caller, for an issuer that serves one partnership and has no
 *                     tenant claim
 */
@ConfigurationProperties("safeguarding.security")
public record SecurityProperties(String issuerUri, String jwkSetUri, List<String> audiences, Claims claims,
                                 Map<String, String> roleMapping, Map<String, String> groupMapping,
                                 List<String> fixedTenants) {

    public SecurityProperties {
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
        claims = claims == null ? Claims.DEFAULTS : claims.withDefaults();
        roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
        groupMapping = groupMapping == null ? Map.of() : Map.copyOf(groupMapping);
        fixedTenants = fixedTenants == null ? List.of() : List.copyOf(fixedTenants);
    }

    public static SecurityProperties forIssuer(String issuerUri) {
        return new SecurityProperties(issuerUri, null, null, null, null, null, null);
    }

    public record Claims(String userId, String roles, String groups, String tenants) {
        static final Claims DEFAULTS = new Claims("sub", "roles", "groups", "tenants");

        Claims withDefaults() {
            return new Claims(or(userId, DEFAULTS.userId), or(roles, DEFAULTS.roles), or(groups, DEFAULTS.groups),
                    or(tenants, DEFAULTS.tenants));
        }

        private static String or(String value, String fallback) {
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
