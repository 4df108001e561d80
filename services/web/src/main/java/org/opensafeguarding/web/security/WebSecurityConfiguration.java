package org.opensafeguarding.web.security;

import org.opensafeguarding.web.WebProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;

/**
 * Deny by default: every page but the landing page and the assets needs a signed-in person (the actuator has a
 * chain of its own, {@link WebManagementSecurity}). Sign-in is the
 * partnership's OpenID Connect provider (authorization code with PKCE); CSRF protection stays on for every form and
 * script call. A script's call without a session gets 401, not a login page, so the page can keep what was typed.
 */
@Configuration
public class WebSecurityConfiguration {

    /** Scripts send this header; their calls are answered 401 when the session has ended. */
    public static final String SCRIPT_HEADER = "X-Requested-With";

    @Bean
    SecurityFilterChain web(HttpSecurity http, ClientRegistrationRepository registrations, WebProperties properties)
            throws Exception {
        OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}/?signed-out");
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/error", "/assets/**", "/vendor/**", "/js/**", "/css/**",
                                "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login.loginPage("/").defaultSuccessUrl("/"))
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessHandler(signedOut))
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                new RequestHeaderRequestMatcher(SCRIPT_HEADER))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/"),
                                request -> true))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
                                + "style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; "
                                + "frame-ancestors 'none'; base-uri 'self'; form-action 'self' "
                                + issuerOrigin(registrations)))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                                        .ReferrerPolicy.SAME_ORIGIN)));
        if (properties.canonicalHost() != null) {
            http.addFilterBefore(new CanonicalHostFilter(properties.canonicalHost()),
                    AbstractPreAuthenticatedProcessingFilter.class);
        }
        return http.build();
    }

    /** Signing in and out are form posts that end at the provider: the policy names it, and nothing else. */
    private static String issuerOrigin(ClientRegistrationRepository registrations) {
        var registration = registrations instanceof Iterable<?> all && all.iterator().hasNext()
                ? (org.springframework.security.oauth2.client.registration.ClientRegistration) all.iterator().next()
                : null;
        String issuer = registration == null ? null : registration.getProviderDetails().getIssuerUri();
        if (issuer == null) {
            return "";
        }
        java.net.URI uri = java.net.URI.create(issuer);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /** Refreshes an expired access token with the refresh token, so a long form does not end in a failed call. */
    @Bean
    OAuth2AuthorizedClientManager authorizedClients(ClientRegistrationRepository registrations,
            OAuth2AuthorizedClientRepository clients) {
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations, clients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken().build());
        return manager;
    }
}
