package org.opensafeguarding.identity.access;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Told of every request the security layer refuses, so a service can audit refused attempts (the workflow service
 * writes an audit row). {@code identity} is null when the request carried no valid token.
 */
public interface AccessDenials {

    void denied(HttpServletRequest request, Identity identity, int status, String reason);
}
