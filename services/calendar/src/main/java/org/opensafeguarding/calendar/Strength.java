package org.opensafeguarding.calendar;

/**
 * DOMAIN §0 strength tags, strongest first. The declaration order matters: a timescale tagged with
 * several (e.g. "L/G") is governed by its strongest tag.
 */
public enum Strength {
    S("statute or regulations", false),
    G("statutory guidance", false),
    N("national non-statutory practice", true),
    L("one local procedure", true),
    V("not verified in primary text", true);

    private final String meaning;
    private final boolean configurable;

    Strength(String meaning, boolean configurable) {
        this.meaning = meaning;
        this.configurable = configurable;
    }

    public String meaning() {
        return meaning;
    }

    /**
     * Whether configuration alone may change a timescale with this strength. [S] is a hard rule; a [G]
     * override needs a recorded reason, which a configuration map cannot carry. [N] is "default,
     * configurable" in DOMAIN §0, and [L]/[V] must never be hard-coded.
     */
    public boolean isConfigurable() {
        return configurable;
    }

    public String tag() {
        return "[" + name() + "]";
    }
}
