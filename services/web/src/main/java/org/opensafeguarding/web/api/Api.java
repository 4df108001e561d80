package org.opensafeguarding.web.api;

/** The services the web app reads and writes through; it holds nothing itself. */
public enum Api {
    WORKFLOW, REPORTING
}
