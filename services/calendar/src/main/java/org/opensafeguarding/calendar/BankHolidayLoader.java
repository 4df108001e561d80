package org.opensafeguarding.calendar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads and validates bank-holiday files in GOV.UK's bank-holidays.json shape.
 *
 * <p>Two shapes are accepted so an operator can drop in either our single-division file or the file
 * downloaded unchanged from https://www.gov.uk/bank-holidays.json:
 * <pre>
 *   {"division": "england-and-wales", "events": [{"title", "date", "notes", "bunting"}, …]}
 *   {"england-and-wales": {"division": "england-and-wales", "events": […]}, "scotland": …}
 * </pre>
 *
 * <p>Validation is strict because a wrong file moves statutory deadlines silently: every date must be a
 * real ISO date on a weekday, no date may repeat, and every year between the first and the last must have
 * at least {@value #MIN_EVENTS_PER_YEAR} holidays (England and Wales has had at least eight every year
 * since 1978), which catches truncated downloads and half-typed years.
 */
public final class BankHolidayLoader {

    public static final String DIVISION = "england-and-wales";
    public static final String DEFAULT_RESOURCE = "/org/opensafeguarding/calendar/bank-holidays-england-and-wales.json";
    static final int MIN_EVENTS_PER_YEAR = 8;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BankHolidayLoader() {
    }

    /** The file bundled with this module (2010-2030 at the time of writing). */
    public static BankHolidays loadDefault() {
        InputStream in = BankHolidayLoader.class.getResourceAsStream(DEFAULT_RESOURCE);
        if (in == null) {
            throw new BankHolidayDataException("Bundled bank-holiday resource " + DEFAULT_RESOURCE
                    + " is missing from the classpath");
        }
        return load(in, "classpath:" + DEFAULT_RESOURCE);
    }

    public static BankHolidays load(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (IOException e) {
            throw new BankHolidayDataException("Cannot read bank-holiday file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bundled data, with the years in {@code newerFile} replacing the bundled ones when the operator
     * supplies a file; this is the usual way to take a newly announced holiday without a release.
     */
    public static BankHolidays loadDefaultOverlaidWith(Path newerFile) {
        BankHolidays bundled = loadDefault();
        return newerFile == null ? bundled : bundled.overlaidWith(load(newerFile));
    }

    /**
     * Reads and closes {@code in}.
     *
     * @param sourceName shown in every error message, so name the file or URL the stream came from
     */
    public static BankHolidays load(InputStream in, String sourceName) {
        Objects.requireNonNull(in, "in");
        String source = sourceName == null ? "bank-holiday data" : sourceName;
        JsonNode root;
        try (in) {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new BankHolidayDataException(source + ": not valid JSON: " + e.getOriginalMessage() + line, e);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": cannot read", e);
        }
        return parse(root, source);
    }

    private static BankHolidays parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new BankHolidayDataException(source + ": expected a JSON object in GOV.UK bank-holidays.json shape");
        }
        JsonNode division = root.has("events") ? root : root.get(DIVISION);
        if (division == null || !division.isObject()) {
            throw new BankHolidayDataException(source + ": expected {\"division\": \"" + DIVISION
                    + "\", \"events\": […]} or the full GOV.UK file with an \"" + DIVISION + "\" member");
        }
        JsonNode divisionName = division.get("division");
        if (divisionName != null && !DIVISION.equals(divisionName.asText())) {
            throw new BankHolidayDataException(source + ": division is \"" + divisionName.asText()
                    + "\" but this calendar is for \"" + DIVISION + "\"; Scottish and Northern Irish holidays differ");
        }
        JsonNode events = division.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw new BankHolidayDataException(source + ": \"events\" must be a non-empty array");
        }

        TreeMap<LocalDate, BankHoliday> byDate = new TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            BankHoliday holiday = parseEvent(events.get(i), i, source);
            BankHoliday previous = byDate.put(holiday.date(), holiday);
            if (previous != null) {
                throw new BankHolidayDataException(source + ": event #" + i + " (\"" + holiday.title() + "\", "
                        + holiday.date() + ") repeats the date of \"" + previous.title()
                        + "\"; two holidays on one day means one of them is on the wrong date");
            }
        }
        checkEveryYearComplete(byDate, source);
        return new BankHolidays(byDate, source);
    }

    private static BankHoliday parseEvent(JsonNode event, int index, String source) {
        String where = source + ": event #" + index;
        if (event == null || !event.isObject()) {
            throw new BankHolidayDataException(where + " is not a JSON object");
        }
        JsonNode title = event.get("title");
        JsonNode date = event.get("date");
        if (title == null || !title.isTextual() || title.asText().isBlank()) {
            throw new BankHolidayDataException(where + " (" + event + "): \"title\" must be a non-empty string");
        }
        where = where + " (\"" + title.asText() + "\")";
        if (date == null || !date.isTextual()) {
            throw new BankHolidayDataException(where + ": \"date\" must be a string in yyyy-MM-dd form");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date.asText());
        } catch (DateTimeParseException e) {
            throw new BankHolidayDataException(where + ": date \"" + date.asText()
                    + "\" is not a real date in yyyy-MM-dd form", e);
        }
        where = where + " on " + day;
        if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            throw new BankHolidayDataException(where + ": falls on a " + day.getDayOfWeek()
                    + "; a bank holiday is always a weekday, so the file probably lists the nominal date"
                    + " instead of its substitute day");
        }
        JsonNode notes = event.get("notes");
        if (notes != null && !notes.isNull() && !notes.isTextual()) {
            throw new BankHolidayDataException(where + ": \"notes\" must be a string");
        }
        JsonNode bunting = event.get("bunting");
        if (bunting != null && !bunting.isNull() && !bunting.isBoolean()) {
            throw new BankHolidayDataException(where + ": \"bunting\" must be true or false");
        }
        return new BankHoliday(day, title.asText(), notes == null || notes.isNull() ? "" : notes.asText(),
                bunting != null && bunting.asBoolean());
    }

    private static void checkEveryYearComplete(Map<LocalDate, BankHoliday> byDate, String source) {
        TreeMap<Integer, Integer> perYear = new TreeMap<>();
        byDate.keySet().forEach(d -> perYear.merge(d.getYear(), 1, Integer::sum));
        for (int year = perYear.firstKey(); year <= perYear.lastKey(); year++) {
            int count = perYear.getOrDefault(year, 0);
            if (count < MIN_EVENTS_PER_YEAR) {
                throw new BankHolidayDataException(source + ": year " + year + " has " + count
                        + " bank holiday(s) but every year in England and Wales has at least " + MIN_EVENTS_PER_YEAR
                        + "; the file is incomplete for that year, and a partial year would count missing"
                        + " holidays as working days");
            }
        }
    }
}
