package org.opensafeguarding.workflow.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What counts as a leak in an outbound event: any personal or free-text value from the referrals, anything
 * shaped like an NHS number, a field named like personal data, or a string that is not a pseudonym, a day or
 * a code. Kept apart from the test that reads the topic so its own test can show it catches each kind.
 */
public final class OutboundPrivacy {

    private static final Pattern PSEUDONYM = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern DAY = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");
    private static final Pattern CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,63}$");
    private static final Pattern NHS_NUMBER_SHAPE = Pattern.compile("(?<![0-9])[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9])");
    private static final Pattern SAFE_TOKENS = Pattern.compile(
            "[0-9a-f]{64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> FORBIDDEN_FIELDS = Set.of("name", "givenName", "familyName", "nhsNumber",
            "address", "postcode", "dateOfBirth", "narrative", "circumstances", "summary", "harmDescription",
            "rationale", "email", "phone", "caseId");
    /** Envelope attributes that hold URIs or ids rather than codes. */
    private static final Set<String> NON_CODE_ATTRIBUTES = Set.of("source", "dataschema", "id", "datacontenttype");

    private OutboundPrivacy() {
    }

    /** @return every problem found; empty when the record is clean */
    public static List<String> problems(String key, byte[] value, Map<String, String> headers, List<String> sensitive) {
        List<String> problems = new ArrayList<>();
        String text = new String(value, StandardCharsets.UTF_8);
        StringBuilder everything = new StringBuilder(text).append(' ').append(key);
        headers.forEach((k, v) -> everything.append(' ').append(k).append('=').append(v));
        for (String s : sensitive) {
            if (everything.indexOf(s) >= 0) {
                problems.add("contains a personal or free-text value from its referral: " + s);
            }
        }
        // pseudonyms and UUIDs are hex and may contain ten digits in a row by chance: they are known-safe tokens
        String withoutIds = SAFE_TOKENS.matcher(everything).replaceAll("<id>");
        if (NHS_NUMBER_SHAPE.matcher(withoutIds).find()) {
            problems.add("contains digits shaped like an NHS number");
        }
        if (key == null || !PSEUDONYM.matcher(key).matches()) {
            problems.add("record key is not a pseudonym");
        }
        try {
            walk(TestReferrals.JSON.readTree(value), "", problems);
        } catch (IOException e) {
            problems.add("not JSON");
        }
        return problems;
    }

    private static void walk(JsonNode node, String field, List<String> problems) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (FORBIDDEN_FIELDS.contains(e.getKey())) {
                    problems.add("has a field named " + e.getKey());
                }
                walk(e.getValue(), e.getKey(), problems);
            });
        } else if (node.isArray()) {
            node.forEach(item -> walk(item, field, problems));
        } else if (node.isTextual() && !NON_CODE_ATTRIBUTES.contains(field)) {
            String text = node.asText();
            if (!PSEUDONYM.matcher(text).matches() && !DAY.matcher(text).matches() && !CODE.matcher(text).matches()) {
                problems.add(field + " = '" + text + "' is not a pseudonym, a day or a code (free text?)");
            }
        }
    }
}
