package org.opensafeguarding.identity.provider;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Lets a public client (a CLI, no secret) use the device flow and its refresh tokens. The authorization server
 * authenticates public clients only by PKCE, which these requests do not have; RFC 8628 identifies such a client by
 * its {@code client_id} alone. Its own token type keeps the PKCE check of browser clients out of this path.
 */
final class PublicDeviceClients {

    private PublicDeviceClients() {
    }

    static final class Token extends OAuth2ClientAuthenticationToken {
        Token(String clientId) {
            super(clientId, ClientAuthenticationMethod.NONE, null, null);
        }

        Token(RegisteredClient client) {
            super(client, ClientAuthenticationMethod.NONE, null);
        }
    }

    static final class Converter implements AuthenticationConverter {
        private final String deviceAuthorizationEndpoint;

        Converter(String deviceAuthorizationEndpoint) {
            this.deviceAuthorizationEndpoint = deviceAuthorizationEndpoint;
        }

        @Override
        public Authentication convert(HttpServletRequest request) {
            String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
            if (!"POST".equals(request.getMethod()) || clientId == null
                    || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
                return null; // a confidential client: the standard converters deal with it
            }
            String grant = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
            boolean deviceAuthorization = deviceAuthorizationEndpoint.equals(pathOf(request));
            // a refresh from a public client has no PKCE verifier either; the provider admits only CLI clients
            boolean tokenRequest = AuthorizationGrantType.DEVICE_CODE.getValue().equals(grant)
                    || AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grant);
            if (!deviceAuthorization && !tokenRequest) {
                return null;
            }
            if (request.getParameterValues(OAuth2ParameterNames.CLIENT_ID).length != 1) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
            }
            return new Token(clientId);
        }

        private static String pathOf(HttpServletRequest request) {
            return request.getRequestURI().substring(request.getContextPath().length());
        }
    }

    static final class Provider implements AuthenticationProvider {
        private final RegisteredClientRepository clients;

        Provider(RegisteredClientRepository clients) {
            this.clients = clients;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            String clientId = String.valueOf(authentication.getPrincipal());
            RegisteredClient client = clients.findByClientId(clientId);
            if (client == null
                    || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
                    || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.DEVICE_CODE)) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
            }
            return new Token(client);
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return Token.class.isAssignableFrom(authentication);
        }
    }
}
