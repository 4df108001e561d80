package org.opensafeguarding.web.referral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.util.MultiValueMap;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a referral page's answers into the same CloudEvent an integration sends: the answers at their schema paths
 * under {@code data}, typed as the schema types them (numbers, booleans, lists), empty answers left out.
 */
public final class ReferralEvent {

    /** The source of hand-entered referrals; the intake does not check a person's source (IntegrationRegistry). */
    static final String SOURCE_PREFIX = "urn:";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private ReferralEvent() {
    }

    public static ObjectNode build(ObjectMapper json, ReferralKind kind, MultiValueMap<String, String> form,
            String eventId, String tenant) {
        ObjectNode event = json.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", eventId);
        event.put("source", SOURCE_PREFIX + (tenant == null ? "partnership" : tenant) + ":manual-entry");
        event.put("type", kind.eventType());
        event.put("time", OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        event.put("datacontenttype", "application/json");
        if (tenant != null) {
            event.put("tenantid", tenant);
        }
        ObjectNode data = event.putObject("data");
        for (ReferralField field : kind.fields()) {
            List<String> values = form.getOrDefault(field.id(), List.of()).stream()
                    .filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
            if (values.isEmpty()) {
                continue;
            }
            JsonNode value = switch (field.type()) {
                case NUMBER -> number(json, values.get(0));
                case YES_NO -> json.getNodeFactory().booleanNode("yes".equals(values.get(0)));
                case CHECKBOXES -> {
                    ArrayNode list = json.createArrayNode();
                    values.forEach(list::add);
                    yield list;
                }
                case DATETIME -> json.getNodeFactory().textNode(dateTime(values.get(0)));
                default -> json.getNodeFactory().textNode(values.get(0));
            };
            put(data, field.path(), value);
        }
        return event;
    }

    /** A number where it parses; otherwise the text as typed, so the intake names the field and its rule. */
    private static JsonNode number(ObjectMapper json, String raw) {
        try {
            return json.getNodeFactory().numberNode(Long.parseLong(raw));
        } catch (NumberFormatException notANumber) {
            return json.getNodeFactory().textNode(raw);
        }
    }

    /** A browser's datetime-local has no offset: it is London time, sent with the offset of that moment. */
    private static String dateTime(String raw) {
        try {
            return java.time.LocalDateTime.parse(raw).atZone(LONDON).toOffsetDateTime()
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (java.time.DateTimeException unreadable) {
            return raw;
        }
    }

    private static void put(ObjectNode data, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = data;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean first = part.endsWith("[0]");
            String name = first ? part.substring(0, part.length() - 3) : part;
            boolean last = i == parts.length - 1;
            if (first) {
                ArrayNode list = node.has(name) ? (ArrayNode) node.get(name) : node.putArray(name);
                ObjectNode item = list.isEmpty() ? list.addObject() : (ObjectNode) list.get(0);
                if (last) {
                    throw new IllegalArgumentException("a list item is an object: " + path);
                }
                node = item;
            } else if (last) {
                node.set(name, value);
            } else {
                node = node.has(name) ? (ObjectNode) node.get(name) : node.putObject(name);
            }
        }
    }

    /** The question an intake error pointer names (or lies under); null for a pointer of no question. */
    public static ReferralField byQuestion(ReferralKind kind, String pointer) {
        for (ReferralField field : kind.fields()) {
            if (pointer.equals(field.pointer()) || pointer.startsWith(field.pointer() + "/")) {
                return field;
            }
        }
        return null;
    }

    /** The error in the words of the question, GOV.UK style ("Enter ...", "Select ..."); the rule's text otherwise. */
    public static String message(ReferralField field, String rule, String message) {
        String label = Character.toLowerCase(field.label().charAt(0)) + field.label().substring(1);
        if ("required".equals(rule)) {
            return switch (field.type()) {
                case SELECT, CHECKBOXES, YES_NO -> "Select " + label;
                default -> "Enter " + label;
            };
        }
        String text = message.replaceFirst("^/[^:]*: ", "");
        return field.label() + ": " + text;
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
