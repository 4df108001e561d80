package org.opensafeguarding.workflow.workers;

import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A job's headers and variables, read with the contract's rules (docs/processes.md §1.6): a missing or malformed
 * value is an {@link InvalidCaseDataException} naming the variable or header and what it must be.
 */
public final class JobInput {

    /** A code as every worker reads it; intake refuses a tenant that is not one (ReferralRules). */
    public static final Pattern CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$");

    private final ActivatedJob job;
    private final Map<String, Object> variables;
    private final Map<String, String> headers;

    private JobInput(ActivatedJob job) {
        this.job = job;
        Map<String, Object> vars = job.getVariablesAsMap();
        this.variables = vars == null ? Map.of() : Collections.unmodifiableMap(vars);
        Map<String, String> hdrs = job.getCustomHeaders();
        this.headers = hdrs == null ? Map.of() : hdrs;
    }

    public static JobInput of(ActivatedJob job) {
        return new JobInput(job);
    }

    public ActivatedJob job() {
        return job;
    }

    public Map<String, Object> variables() {
        return variables;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The header's value, or null when absent or blank. */
    public String header(String name) {
        String value = headers.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public String requiredHeader(String name) {
        String value = header(name);
        if (value == null) {
            throw new InvalidCaseDataException("header " + name + ": missing on " + job.getElementId()
                    + "; the model must set it for " + job.getType());
        }
        return value;
    }

    /** A header holding one of the allowed codes. */
    public String headerOneOf(String name, List<String> allowed) {
        String value = requiredHeader(name);
        if (!allowed.contains(value)) {
            throw new InvalidCaseDataException("header " + name + ": '" + value + "' is not one of " + allowed);
        }
        return value;
    }

    public CaseId caseId() {
        Object value = variables.get("caseId");
        if (!(value instanceof String text) || text.isBlank()) {
            throw new InvalidCaseDataException("caseId: missing; every process carries the case id it was started with");
        }
        try {
            return CaseId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidCaseDataException("caseId: '" + shorten(text) + "' is not a case id (a UUID)");
        }
    }

    public boolean has(String name) {
        return variables.get(name) != null;
    }

    public Object value(String name) {
        return variables.get(name);
    }

    /** A string variable, or null when absent; anything other than a string is refused. */
    public String string(String name) {
        Object value = variables.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidCaseDataException(name + ": must be a string, not " + value.getClass().getSimpleName());
        }
        return text;
    }

    public String requiredString(String name, String why) {
        String value = string(name);
        if (value == null || value.isBlank()) {
            throw new InvalidCaseDataException(name + ": missing; " + why);
        }
        return value;
    }

    /** A code variable (letters, digits, {@code _ . : -}), or null when absent. */
    public String code(String name) {
        String value = string(name);
        if (value != null && !CODE.matcher(value).matches()) {
            throw new InvalidCaseDataException(name + ": must be a code (letters, digits, _ . : -, no spaces), not free text");
        }
        return value;
    }

    /** A boolean variable; absent counts as false. */
    public boolean flag(String name) {
        Object value = variables.get(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            throw new InvalidCaseDataException(name + ": must be true or false, not " + value.getClass().getSimpleName());
        }
        return b;
    }

    /** An object variable (FEEL context), or an empty map when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> context(String name) {
        Object value = variables.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidCaseDataException(name + ": must be an object, not " + value.getClass().getSimpleName());
        }
        return (Map<String, Object>) map;
    }

    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
