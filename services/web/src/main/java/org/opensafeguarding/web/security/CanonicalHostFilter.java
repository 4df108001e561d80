package org.opensafeguarding.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Browsers keep cookies per host name: a sign-in started on {@code localhost} and returning to {@code 127.0.0.1}
 * would not find its session. A GET for another name of this host is redirected to the canonical one first.
 */
final class CanonicalHostFilter extends OncePerRequestFilter {

    private final String host;

    CanonicalHostFilter(String host) {
        this.host = host;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("GET".equals(request.getMethod()) && !host.equalsIgnoreCase(request.getServerName())
                && !request.getRequestURI().startsWith("/actuator/")) {
            String query = request.getQueryString();
            response.sendRedirect(request.getScheme() + "://" + host + ":" + request.getServerPort()
                    + request.getRequestURI() + (query == null ? "" : "?" + query));
            return;
        }
        chain.doFilter(request, response);
    }
}
