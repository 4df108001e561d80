package org.opensafeguarding.identity.provider;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.HttpEncodingAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The embedded provider's Spring application. Only the auto-configurations listed here are used, never the
 * whole set, because the host's classpath (datasource, Kafka, Camunda, a resource server) is not meant for it.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, HttpEncodingAutoConfiguration.class,
        ErrorMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
        SecurityFilterAutoConfiguration.class})
@EnableWebSecurity
@Import(ProviderPages.class)
class ProviderConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, Directory directory,
            AuthorizationServerSettings settings) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, as -> as
                        .registeredClientRepository(directory)
                        .authorizationConsentService(new ImpliedConsent(directory))
                        .clientAuthentication(clients -> clients
                                .authenticationConverter(
                                        new PublicDeviceClients.Converter(settings.getDeviceAuthorizationEndpoint()))
                                .authenticationProvider(new PublicDeviceClients.Provider(directory)))
                        .oidc(oidc -> oidc.userInfoEndpoint(userInfo -> userInfo.userInfoMapper(context ->
                                userInfo(context.getAuthorization().getPrincipalName(), directory)))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // a browser that is not signed in goes to the login form; an API caller gets 401
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                // the userinfo endpoint takes the provider's own access tokens
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${identity.issuer}") String issuer) {
        return AuthorizationServerSettings.builder().issuer(issuer).build();
    }

    @Bean
    PasswordEncoder passwordEncoder(Directory directory) {
        return directory.passwordEncoder();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(RSAKey signingKey) {
        return new ImmutableJWKSet<>(new JWKSet(signingKey));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tokenClaims(Directory directory) {
        return context -> {
            boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
            if (!accessToken && !idToken) {
                return;
            }
            String clientId = context.getRegisteredClient().getClientId();
            Directory.Claims claims = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
                    ? directory.clientClaims(clientId)
                    : directory.userClaims(context.getPrincipal().getName());
            if (claims == null) {
                claims = new Directory.Claims(null, Set.of(), Set.of(), Set.of());
            }
            Directory.Claims found = claims;
            context.getClaims().claims(jwt -> {
                jwt.put("client_id", clientId);
                jwt.put("roles", sorted(found.roles()));
                jwt.put("groups", sorted(found.groups()));
                jwt.put("tenants", sorted(found.tenants()));
                if (idToken && found.displayName() != null) {
                    jwt.put("name", found.displayName()); // never in access tokens: they travel to every service
                }
            });
        };
    }

    private static OidcUserInfo userInfo(String username, Directory directory) {
        Directory.Claims claims = directory.userClaims(username);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sub", username);
        if (claims != null) {
            if (claims.displayName() != null) {
                info.put("name", claims.displayName());
            }
            info.put("roles", sorted(claims.roles()));
            info.put("groups", sorted(claims.groups()));
            info.put("tenants", sorted(claims.tenants()));
        }
        return new OidcUserInfo(info);
    }

    /**
     * No consent screen: the clients are the partnership's own. The authorization-code flow honours the clients'
     * requireAuthorizationConsent(false), but the device flow asks for consent unless one is on record, so the
     * record is made up here from the client's registered scopes.
     */
    private static final class ImpliedConsent implements OAuth2AuthorizationConsentService {
        private final Directory directory;

        ImpliedConsent(Directory directory) {
            this.directory = directory;
        }

        @Override
        public void save(OAuth2AuthorizationConsent consent) {
        }

        @Override
        public void remove(OAuth2AuthorizationConsent consent) {
        }

        @Override
        public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
            RegisteredClient client = directory.findById(registeredClientId);
            if (client == null || client.getScopes().isEmpty()
                    || client.getClientSettings().isRequireAuthorizationConsent()) {
                return null;
            }
            OAuth2AuthorizationConsent.Builder consent = OAuth2AuthorizationConsent.withId(registeredClientId,
                    principalName);
            client.getScopes().forEach(consent::scope);
            return consent.build();
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
