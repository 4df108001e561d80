package org.opensafeguarding.identity.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes a service an OAuth2 resource server that denies by default: a request passes only if it is a public
 * operation of the service's section of the access matrix, or carries a verified token with a role the matrix
 * allows for that operation. Switched on by {@code safeguarding.security.service} (the matrix section name).
 * Refusals are RFC 9457 problem JSON, and reported to the service's {@link AccessDenials} for its audit trail.
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class})
@ConditionalOnProperty("safeguarding.security.service")
@EnableConfigurationProperties(SecurityProperties.class)
@EnableWebSecurity
public class ResourceServerSecurity {

    private static final Logger log = LoggerFactory.getLogger(ResourceServerSecurity.class);

    @Bean
    @ConditionalOnMissingBean
    AccessMatrix accessMatrix() {
        return AccessMatrix.load();
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        return TokenDecoders.forProperties(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    IdentityConverter identityConverter(SecurityProperties properties) {
        return new IdentityConverter(properties);
    }

    @Bean
    SecurityFilterChain resourceServerFilterChain(HttpSecurity http, Environment environment, AccessMatrix matrix,
            JwtDecoder decoder, IdentityConverter converter, ObjectProvider<AccessDenials> denials,
            ObjectMapper json) throws Exception {
        AccessMatrix.ServiceRules rules = matrix.service(environment.getRequiredProperty("safeguarding.security.service"));
        return bearerTokensByMatrix(http, rules, decoder, converter, denials, json).build();
    }

    /**
     * The stateless, deny-by-default bearer-token rules of one section of the access matrix on {@code http}. Also
     * for a service whose pages sign people in with a session (the web app): its management port is a resource
     * server of its own, on a chain limited to the actuator's paths.
     */
    public static HttpSecurity bearerTokensByMatrix(HttpSecurity http, AccessMatrix.ServiceRules rules,
            JwtDecoder decoder, IdentityConverter converter, ObjectProvider<AccessDenials> denials,
            ObjectMapper json) throws Exception {
        Refusals refusals = new Refusals(json, denials);
        return http.csrf(csrf -> csrf.disable()) // bearer tokens only: no cookie a forged cross-site request could ride on
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint((request, response, e) ->
                                refusals.unauthenticated(request, response, e.getMessage()))
                        .accessDeniedHandler((request, response, e) -> refusals.forbidden(request, response)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) ->
                                refusals.unauthenticated(request, response, null))
                        .accessDeniedHandler((request, response, ex) -> refusals.forbidden(request, response)))
                .authorizeHttpRequests(authorize -> authorize
                        // the error page and async completions re-dispatch a request that was already decided
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(request -> rules.isPublic(request.getMethod(), path(request))).permitAll()
                        .anyRequest().access(byMatrix(rules)));
    }

    private static AuthorizationManager<RequestAuthorizationContext> byMatrix(AccessMatrix.ServiceRules rules) {
        return (Supplier<Authentication> authentication, RequestAuthorizationContext context) -> {
            Authentication auth = authentication.get();
            if (!(auth instanceof IdentityAuthentication identified) || !auth.isAuthenticated()) {
                return new AuthorizationDecision(false);
            }
            HttpServletRequest request = context.getRequest();
            return new AuthorizationDecision(rules.allows(identified.identity(), request.getMethod(), path(request)));
        };
    }

    static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** Writes 401 and 403 as problem JSON and reports them; never echoes the token or the reason's details. */
    private static final class Refusals {
        private final ObjectMapper json;
        private final ObjectProvider<AccessDenials> denials;

        Refusals(ObjectMapper json, ObjectProvider<AccessDenials> denials) {
            this.json = json;
            this.denials = denials;
        }

        void unauthenticated(HttpServletRequest request, HttpServletResponse response, String reason)
                throws IOException {
            report(request, null, 401, reason == null ? "no bearer token" : "token refused");
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, reason == null ? "Bearer"
                    : "Bearer error=\"invalid_token\", error_description=\"The token is not valid for this service\"");
            write(response, 401, "unauthenticated", reason == null
                    ? "Sign in: this request needs a bearer token from the partnership's identity provider."
                    : "The bearer token was refused (expired, from another issuer, or not signed by it).");
        }

        void forbidden(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Authentication auth = org.springframework.security.core.context.SecurityContextHolder.getContext()
                    .getAuthentication();
            Identity identity = auth instanceof IdentityAuthentication a ? a.identity() : null;
            report(request, identity, 403, "role not allowed by the access matrix");
            write(response, 403, "role-not-allowed", "Your roles do not allow " + request.getMethod() + " " + path(request)
                    + " (docs/security.md, access matrix).");
        }

        private void report(HttpServletRequest request, Identity identity, int status, String reason) {
            AccessDenials listener = denials.getIfAvailable();
            if (listener == null) {
                return;
            }
            try {
                listener.denied(request, identity, status, reason);
            } catch (RuntimeException e) {
                // the refusal stands whether or not it could be recorded
                log.warn("Could not record a refused request to {}: {}", path(request), e.getClass().getSimpleName());
            }
        }

        private void write(HttpServletResponse response, int status, String code, String detail) throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", URI.create("https://opensafeguarding.org/problems/security/" + code).toString());
            body.put("title", status == 401 ? "Unauthorized" : "Forbidden");
            body.put("status", status);
            body.put("detail", detail);
            body.put("code", code);
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), body);
        }
    }
}
