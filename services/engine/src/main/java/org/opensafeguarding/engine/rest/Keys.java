package org.opensafeguarding.engine.rest;

import org.opensafeguarding.engine.processing.EngineException;

final class Keys {

    private Keys() {
    }

    static long parse(String value, String field) {
        try {
            return Long.parseLong(value.trim());
        } catch (RuntimeException e) {
            throw EngineException.invalid(field + ": expected a numeric key, but was '" + value + "'");
        }
    }

    static Long parseOptional(String value, String field) {
        return value == null || value.isBlank() ? null : parse(value, field);
    }
}
