package org.opensafeguarding.workflow.tasklist;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * Tells the tasklist who is calling. The interim implementation ({@link HeaderCallerIdentity}) trusts two request
 * headers; real authentication (OIDC: user id from {@code sub} or {@code preferred_username}, groups from a claim)
 * replaces it by providing another bean of this type. Nothing else in the tasklist knows where identities come from.
 */
public interface CallerIdentity {

    /**
     * @return the caller, or empty when the request carries no identity (the API answers 401)
     * @throws IllegalArgumentException when the request carries an identity that is malformed (also 401)
     */
    Optional<Caller> identify(HttpServletRequest request);
}
