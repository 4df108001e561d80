package org.opensafeguarding.reporting.events;

/**
 * The shapes a stored value may take, checked character by character. A replay checks every field of millions of
 * events, and a regular expression per field was a tenth of its time; each method says the expression it equals
 * ({@code CodesTest} holds them side by side). ASCII only, as those expressions are.
 */
public final class Codes {

    private Codes() {
    }

    /** {@code ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$}; a pseudonym ({@code ^[0-9a-f]{64}$}) is one too. */
    public static boolean isCode(String s) {
        int n = s.length();
        if (n < 1 || n > 64 || !alnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!alnum(c) && c != '_' && c != '.' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[0-9a-f]{64}$}. */
    public static boolean isPseudonym(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[A-Za-z0-9._:-]{1,200}$}. */
    public static boolean isEventId(String s) {
        int n = s.length();
        if (n < 1 || n > 200) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!alnum(c) && c != '_' && c != '.' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[1-9][0-9]{0,18}$}. */
    public static boolean isSequence(String s) {
        int n = s.length();
        if (n < 1 || n > 19 || s.charAt(0) < '1' || s.charAt(0) > '9') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[0-9a-z+-]{1,16}$}: an age band such as {@code 10-14y} or {@code 18+}. */
    public static boolean isAgeBand(String s) {
        int n = s.length();
        if (n < 1 || n > 16) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && c != '+' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alnum(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
