package org.opensafeguarding.web.pages;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** How the templates show dates, states and codes ({@code ${@fmt.date(...)}}): London time, GOV.UK style. */
@Component("fmt")
public class Formats {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, h:mma", Locale.UK);

    public String date(String iso) {
        LocalDate day = day(iso);
        return day == null ? (iso == null ? "" : iso) : DAY.format(day);
    }

    public String dateTime(String iso) {
        Instant at = instant(iso);
        return at == null ? date(iso) : TIME.format(at.atZone(LONDON)).replace("AM", "am").replace("PM", "pm");
    }

    public String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.path(field);
        return v == null || v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    /** GOV.UK tag colour for a RAG state or a deadline state. */
    public String tag(String state) {
        if (state == null) {
            return "govuk-tag--grey";
        }
        return switch (state.toUpperCase(Locale.ROOT)) {
            case "RED", "BREACHED", "OVERDUE" -> "govuk-tag--red";
            case "AMBER", "DUE" -> "govuk-tag--yellow";
            case "GREEN", "MET", "OPEN" -> "govuk-tag--green";
            default -> "govuk-tag--grey";
        };
    }

    /** Whether a due instant has passed (the tray marks overdue tasks). */
    public boolean overdue(String iso) {
        Instant at = instant(iso);
        return at != null && at.isBefore(Instant.now());
    }

    /** A code (LADO_ALLEGATION, lado.record-outcome) in words for a reader. */
    public String words(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String spaced = code.replace('_', ' ').replace('-', ' ').replace('.', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    public List<String> columns(JsonNode table) {
        return DashboardController.columns(table);
    }

    private static LocalDate day(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        Instant at = instant(iso);
        if (at != null) {
            return at.atZone(LONDON).toLocalDate();
        }
        try {
            return LocalDate.parse(iso);
        } catch (DateTimeParseException notADay) {
            return null;
        }
    }

    private static Instant instant(String iso) {
        if (iso == null || iso.length() < 11) {
            return null;
        }
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            return null;
        }
    }
}
