package org.opensafeguarding.identity.access;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an {@link Identity} from a verified token by the configured claim names. Roles and groups go through the
 * configured mappings; a role value that maps to no known role is dropped (grants nothing). A token without a
 * usable subject is refused rather than given an anonymous identity.
 */
public final class IdentityConverter implements Converter<Jwt, IdentityAuthentication> {

    private static final Pattern SUBJECT = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$");
    private static final Pattern CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

    private final SecurityProperties properties;

    public IdentityConverter(SecurityProperties properties) {
        this.properties = properties;
    }

    @Override
    public IdentityAuthentication convert(Jwt jwt) {
        return new IdentityAuthentication(jwt, identify(jwt));
    }

    public Identity identify(Jwt jwt) {
        SecurityProperties.Claims claims = properties.claims();
        String subject = jwt.getClaimAsString(claims.userId());
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            // an AuthenticationException, so the filter answers 401 rather than letting it escape as a 500
            throw new InvalidBearerTokenException(
                    "the token's " + claims.userId() + " claim is missing or not a staff/client identifier");
        }
        String clientId = firstNonNull(jwt.getClaimAsString("client_id"), jwt.getClaimAsString("azp"),
                jwt.getClaimAsString("appid"));
        boolean machine = "app".equals(jwt.getClaimAsString("idtyp")) || subject.equals(clientId);

        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : values(jwt, claims.roles())) {
            Role.fromCode(properties.roleMapping().getOrDefault(value, value)).ifPresent(roles::add);
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String value : values(jwt, claims.groups())) {
            String group = properties.groupMapping().getOrDefault(value, value);
            if (CODE.matcher(group).matches()) {
                groups.add(group);
            }
        }
        Set<String> tenants = new LinkedHashSet<>(properties.fixedTenants());
        for (String value : values(jwt, claims.tenants())) {
            if (CODE.matcher(value).matches()) {
                tenants.add(value);
            }
        }
        return new Identity(machine ? Identity.Kind.MACHINE : Identity.Kind.PERSON, subject, clientId, roles, groups,
                tenants);
    }

    /** A claim as a list of strings, whether the issuer sent an array or one space/comma separated string. */
    private static List<String> values(Jwt jwt, String claim) {
        Object raw = jwt.getClaims().get(claim);
        if (raw instanceof Collection<?> many) {
            return many.stream().filter(Objects::nonNull).map(Object::toString).toList();
        }
        if (raw instanceof String one && !one.isBlank()) {
            return List.of(SEPARATORS.split(one.trim()));
        }
        return List.of();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
