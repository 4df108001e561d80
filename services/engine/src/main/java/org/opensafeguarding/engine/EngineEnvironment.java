package org.opensafeguarding.engine;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensafeguarding.engine.config.EngineProperties;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring settings that follow from the engine's own {@code engine.*} settings, added to the environment before the
 * context is built (standalone and embedded alike):
 *
 * <ul>
 *   <li>security on (the default): {@code safeguarding.security.service=engine} switches on the identity module's
 *       deny-by-default resource server for the REST and management ports, with the issuer, key set and audiences
 *       copied from {@code engine.security.*}; without an issuer the engine refuses to start;</li>
 *   <li>security off ({@code engine.security.enabled=false}, the conformance suites only): Spring Security's
 *       auto-configuration is excluded, so no filter (and no generated password) stands in front of the API;</li>
 *   <li>the actuator exposes clock and cluster only with {@code engine.testing.enabled=true};</li>
 *   <li>REST and management bind to {@code engine.bind-address} (loopback by default).</li>
 * </ul>
 */
final class EngineEnvironment implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String SECURITY_SECTION = "engine";

    /** Everything that would put Spring Security's own defaults (basic auth, a generated password) in front. */
    private static final List<String> SECURITY_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        apply(event.getEnvironment());
    }

    static void apply(ConfigurableEnvironment environment) {
        EngineProperties engine = Binder.get(environment).bindOrCreate("engine", EngineProperties.class);
        EngineProperties.Security security = engine.getSecurity();

        // decided here and not overridable: whether the API is protected
        Map<String, Object> decided = new LinkedHashMap<>();
        if (security.isEnabled()) {
            String issuer = security.getIssuerUri();
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalStateException("engine.security.issuer-uri is not set (environment variable "
                        + "ENGINE_SECURITY_ISSUER_URI when standalone): the engine refuses to start without an "
                        + "identity provider whose tokens it can verify. Set it to the OIDC issuer of the workflow "
                        + "service's tokens; engine.security.enabled=false is only for the engine's own conformance "
                        + "tests (docs/engine.md, \"Security\").");
            }
            decided.put("safeguarding.security.service", SECURITY_SECTION);
            decided.put("safeguarding.security.issuer-uri", issuer.trim());
            if (security.getJwkSetUri() != null && !security.getJwkSetUri().isBlank()) {
                decided.put("safeguarding.security.jwk-set-uri", security.getJwkSetUri().trim());
            }
            if (!security.getAudiences().isEmpty()) {
                decided.put("safeguarding.security.audiences", String.join(",", security.getAudiences()));
            }
        } else {
            Set<String> excluded = new LinkedHashSet<>();
            String[] already = environment.getProperty("spring.autoconfigure.exclude", String[].class);
            if (already != null) {
                for (String name : already) {
                    if (!name.isBlank()) {
                        excluded.add(name.trim());
                    }
                }
            }
            excluded.addAll(SECURITY_AUTO_CONFIGURATIONS);
            // and the identity module's resource server, whatever safeguarding.security.* the environment holds
            excluded.add("org.opensafeguarding.identity.access.ResourceServerSecurity");
            decided.put("spring.autoconfigure.exclude", String.join(",", excluded));
        }

        // defaults an operator may still override (server.address, a wider exposure list)
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (security.isEnabled()) {
            // the security filter decides on the request itself; a later dispatch of the same request (the error
            // page, or an async dispatch, which command answers no longer take: FutureAnswers) belongs to a request
            // it already decided, and running the chain again there costs without checking anything
            defaults.put("spring.security.filter.dispatcher-types", "request");
        }
        defaults.put("server.address", engine.getBindAddress());
        defaults.put("management.server.address", engine.getBindAddress());
        defaults.put("management.endpoints.web.exposure.include",
                engine.getTesting().isEnabled() ? "health,info,prometheus,clock,cluster" : "health,info,prometheus");

        environment.getPropertySources().addFirst(new MapPropertySource("engine-decided", decided));
        environment.getPropertySources().addLast(new MapPropertySource("engine-defaults", defaults));
    }
}
