package org.opensafeguarding.workflow.history;

import java.util.List;

/**
 * One column of an import format (docs/import.md lists them all).
 *
 * @param codes the allowed values of a {@link Type#CODE} or {@link Type#CODE_LIST} column; empty for other types
 * @param rule  what else must hold, in words, for the documentation
 */
public record Column(String name, boolean required, Type type, List<String> codes, String rule) {

    public enum Type {
        /** the previous system's case reference: unique per tenant and case type */
        REFERENCE,
        TENANT,
        /** ISO 8601 day, {@code yyyy-MM-dd} */
        DATE,
        CODE,
        /** codes separated by {@code ;} */
        CODE_LIST,
        /** {@code true} or {@code false}; empty means false */
        BOOLEAN,
        INTEGER
    }

    public static Column required(String name, Type type, String rule) {
        return new Column(name, true, type, List.of(), rule);
    }

    public static Column optional(String name, Type type, String rule) {
        return new Column(name, false, type, List.of(), rule);
    }

    public static Column requiredCode(String name, List<String> codes, String rule) {
        return new Column(name, true, Type.CODE, List.copyOf(codes), rule);
    }

    public static Column optionalCode(String name, List<String> codes, String rule) {
        return new Column(name, false, Type.CODE, List.copyOf(codes), rule);
    }

    public static Column optionalCodes(String name, List<String> codes, String rule) {
        return new Column(name, false, Type.CODE_LIST, List.copyOf(codes), rule);
    }
}
