package org.opensafeguarding.calendar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The statutory and local timescales of DOMAIN §§3.5, 3.9, 4.5 and 5.5, read from a resource file so the
 * numbers live in data, with per-tenant overrides for the configurable ones.
 *
 * <p>Overrides are a {@code Map<String, String>} from id to timescale text, e.g.
 * {@code {"L2b": "5 WORKING_DAYS", "C1": "24 HOURS"}}. Only timescales whose strongest tag is
 * [N], [L] or [V] may be overridden; see {@link Strength#isConfigurable()}.
 */
public final class TimescaleRegistry {

    public static final String DEFAULT_RESOURCE = "/org/opensafeguarding/calendar/statutory-timescales.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, StatutoryTimescale> byId;
    private final Map<String, String> notModelled;

    private TimescaleRegistry(Map<String, StatutoryTimescale> byId, Map<String, String> notModelled) {
        this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
        this.notModelled = Collections.unmodifiableMap(new LinkedHashMap<>(notModelled));
    }

    public static TimescaleRegistry loadDefault() {
        InputStream in = TimescaleRegistry.class.getResourceAsStream(DEFAULT_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("Bundled timescale resource " + DEFAULT_RESOURCE + " is missing");
        }
        return load(in, "classpath:" + DEFAULT_RESOURCE);
    }

    /** The bundled defaults with the given overrides applied; null or empty means no overrides. */
    public static TimescaleRegistry loadDefault(Map<String, String> overrides) {
        return loadDefault().withOverrides(overrides);
    }

    public static TimescaleRegistry load(InputStream in, String sourceName) {
        JsonNode root;
        try (in) {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(sourceName + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(sourceName + ": cannot read", e);
        }
        JsonNode list = root == null ? null : root.get("timescales");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(sourceName + ": \"timescales\" must be a non-empty array");
        }
        Map<String, StatutoryTimescale> byId = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            StatutoryTimescale t = parseEntry(list.get(i), sourceName + ": timescales[" + i + "]");
            if (byId.put(key(t.id()), t) != null) {
                throw new IllegalArgumentException(sourceName + ": timescale id " + t.id() + " appears twice");
            }
        }
        Map<String, String> notModelled = new LinkedHashMap<>();
        JsonNode skipped = root.get("notModelled");
        if (skipped != null) {
            for (JsonNode n : skipped) {
                String id = text(n, "id", sourceName + ": notModelled entry");
                if (byId.containsKey(key(id))) {
                    throw new IllegalArgumentException(sourceName + ": " + id + " is both modelled and notModelled");
                }
                notModelled.put(id, text(n, "reason", sourceName + ": notModelled " + id));
            }
        }
        return new TimescaleRegistry(byId, notModelled);
    }

    private static StatutoryTimescale parseEntry(JsonNode n, String where) {
        String id = text(n, "id", where);
        where = where + " (" + id + ")";
        Timescale timescale;
        List<Strength> tags = new ArrayList<>();
        TimescaleKind kind;
        try {
            timescale = Timescale.parse(text(n, "timescale", where));
            for (String tag : text(n, "strength", where).split("/")) {
                tags.add(Strength.valueOf(tag.trim()));
            }
            kind = n.has("kind") ? TimescaleKind.valueOf(n.get("kind").asText()) : TimescaleKind.WITHIN;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return new StatutoryTimescale(id, timescale, tags, kind, text(n, "description", where),
                n.path("clock").asText(""), n.path("source").asText(""), timescale);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be a non-empty string");
        }
        return v.asText();
    }

    /**
     * A registry with the overrides applied. Ids are matched ignoring case, because relaxed property
     * binding may lower-case map keys.
     *
     * @throws InvalidTimescaleOverrideException listing every rejected entry, each naming the id and rule
     */
    public TimescaleRegistry withOverrides(Map<String, String> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        Map<String, StatutoryTimescale> result = new LinkedHashMap<>(byId);
        List<String> problems = new ArrayList<>();
        overrides.forEach((rawId, rawValue) -> {
            String id = rawId == null ? "" : rawId.trim();
            StatutoryTimescale current = byId.get(key(id));
            if (current == null) {
                String why = notModelledReason(id).map(r -> " (" + id + " is not modelled: " + r + ")")
                        .orElse("; known ids are " + String.join(", ", ids()));
                problems.add("'" + id + "': no such timescale" + why);
                return;
            }
            if (!current.isConfigurable()) {
                problems.add(current.id() + " is tagged " + current.tagText() + " (" + current.strength().meaning()
                        + "), so it cannot be overridden by configuration; only timescales whose strongest tag is"
                        + " [N], [L] or [V] can. A [G] departure needs a recorded reason; an [S] rule cannot change.");
                return;
            }
            try {
                result.put(key(id), current.withTimescale(Timescale.parse(rawValue)));
            } catch (IllegalArgumentException e) {
                problems.add(current.id() + ": " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidTimescaleOverrideException(problems);
        }
        return new TimescaleRegistry(result, notModelled);
    }

    public Optional<StatutoryTimescale> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(key(id.trim())));
    }

    /** @throws IllegalArgumentException naming the id, and why if DOMAIN lists it but it is not modelled */
    public StatutoryTimescale get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("No timescale '" + id + "'"
                + notModelledReason(id).map(r -> ": " + r).orElse("")));
    }

    public Timescale timescale(String id) {
        return get(id).timescale();
    }

    public List<StatutoryTimescale> all() {
        return List.copyOf(byId.values());
    }

    public List<String> ids() {
        return byId.values().stream().map(StatutoryTimescale::id).toList();
    }

    /** DOMAIN ids deliberately left out (no single duration to count), with the reason. */
    public Map<String, String> notModelled() {
        return notModelled;
    }

    private Optional<String> notModelledReason(String id) {
        return notModelled.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(id))
                .map(Map.Entry::getValue).findFirst();
    }

    private static String key(String id) {
        return Objects.requireNonNull(id, "id").toUpperCase(Locale.ROOT);
    }
}
