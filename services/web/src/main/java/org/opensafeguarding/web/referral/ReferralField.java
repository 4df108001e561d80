package org.opensafeguarding.web.referral;

import java.util.List;

/**
 * One question of a referral page. {@code path} is where the answer goes in the CloudEvent's data (dots, and
 * {@code [0]} for the first item of a list): the intake's 400 names the field as a JSON pointer under /data, which
 * is mapped back to the question by its path.
 */
public record ReferralField(String path, String label, Type type, boolean required, List<String> options,
                            String hint) {

    public enum Type { TEXT, TEXTAREA, DATE, DATETIME, NUMBER, YES_NO, SELECT, CHECKBOXES }

    static ReferralField text(String path, String label, boolean required) {
        return new ReferralField(path, label, Type.TEXT, required, List.of(), null);
    }

    static ReferralField of(String path, String label, Type type, boolean required, String hint, String... options) {
        return new ReferralField(path, label, type, required, List.of(options), hint);
    }

    /** The HTML id and name: the path with its punctuation made safe for both. */
    public String id() {
        return "f-" + path.replace('.', '-').replace("[", "-").replace("]", "");
    }

    /** The JSON pointer the intake names this answer by. */
    public String pointer() {
        return "/data/" + path.replace('.', '/').replace("[", "/").replace("]", "");
    }
}
