package org.opensafeguarding.workflow.tasklist;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Tells the case APIs who is calling. The one implementation ({@link TokenCallerIdentity}) reads the verified
 * bearer token the security filter accepted; no request header is believed.
 */
public interface CallerIdentity {

    /** @return the caller, or empty when the request was not authenticated by a token (the API answers 401) */
    Optional<Caller> identify(HttpServletRequest request);
}
