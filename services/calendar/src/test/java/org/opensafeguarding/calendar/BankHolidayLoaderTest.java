package org.opensafeguarding.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankHolidayLoaderTest {

    // A complete, plausible 2031 (Easter Sunday 13 Apr 2031), used as "a newer file from GOV.UK".
    private static final List<String> YEAR_2031 = List.of(
            event("New Year’s Day", "2031-01-01", ""),
            event("Good Friday", "2031-04-11", ""),
            event("Easter Monday", "2031-04-14", ""),
            event("Early May bank holiday", "2031-05-05", ""),
            event("Spring bank holiday", "2031-05-26", ""),
            event("Summer bank holiday", "2031-08-25", ""),
            event("Christmas Day", "2031-12-25", ""),
            event("Boxing Day", "2031-12-26", ""));

    @Test
    void bundledFileLoads() {
        BankHolidays holidays = BankHolidayLoader.loadDefault();
        assertThat(holidays.source()).startsWith("classpath:");
        assertThat(holidays.firstDate()).isEqualTo(LocalDate.of(2010, 1, 1));
        assertThat(holidays.lastDate()).isEqualTo(LocalDate.of(2030, 12, 31));
    }

    @Test
    void acceptsTheFullGovUkFileWithAllDivisions() {
        String json = "{\"england-and-wales\": " + division("england-and-wales", YEAR_2031)
                + ", \"scotland\": " + division("scotland", List.of(event("St Andrew’s Day", "2031-12-01", ""))) + "}";
        BankHolidays holidays = load(json);
        assertThat(holidays.inYear(2031)).hasSize(8);
        assertThat(holidays.on(LocalDate.of(2031, 12, 1))).isEmpty();
    }

    @Test
    void rejectsAWeekendDateNamingTheEntry() {
        List<String> events = new ArrayList<>(YEAR_2031);
        events.set(7, event("Boxing Day", "2031-12-27", "")); // a Saturday
        assertThatThrownBy(() -> load(division("england-and-wales", events)))
                .isInstanceOf(BankHolidayDataException.class)
                .hasMessageContaining("test.json: event #7 (\"Boxing Day\") on 2031-12-27")
                .hasMessageContaining("SATURDAY");
    }

    @Test
    void rejectsAnImpossibleDate() {
        List<String> events = new ArrayList<>(YEAR_2031);
        events.set(1, event("Good Friday", "2031-02-30", ""));
        assertThatThrownBy(() -> load(division("england-and-wales", events)))
                .isInstanceOf(BankHolidayDataException.class)
                .hasMessageContaining("event #1 (\"Good Friday\")")
                .hasMessageContaining("\"2031-02-30\" is not a real date");
    }

    @Test
    void rejectsADuplicateDate() {
        List<String> events = new ArrayList<>(YEAR_2031);
        events.add(event("Extra", "2031-05-05", ""));
        assertThatThrownBy(() -> load(division("england-and-wales", events)))
                .isInstanceOf(BankHolidayDataException.class)
                .hasMessageContaining("event #8 (\"Extra\", 2031-05-05) repeats the date of \"Early May bank holiday\"");
    }

    @Test
    void rejectsMissingTitleAndBadFieldTypes() {
        List<String> noTitle = new ArrayList<>(YEAR_2031);
        noTitle.set(2, "{\"date\": \"2031-04-14\"}");
        assertThatThrownBy(() -> load(division("england-and-wales", noTitle)))
                .hasMessageContaining("event #2").hasMessageContaining("\"title\" must be a non-empty string");
        List<String> badBunting = new ArrayList<>(YEAR_2031);
        badBunting.set(3, "{\"title\": \"Early May bank holiday\", \"date\": \"2031-05-05\", \"bunting\": \"yes\"}");
        assertThatThrownBy(() -> load(division("england-and-wales", badBunting)))
                .hasMessageContaining("event #3 (\"Early May bank holiday\") on 2031-05-05: \"bunting\" must be true or false");
    }

    @Test
    void rejectsAnotherDivision() {
        assertThatThrownBy(() -> load(division("scotland", YEAR_2031)))
                .isInstanceOf(BankHolidayDataException.class)
                .hasMessageContaining("division is \"scotland\"");
    }

    @Test
    void rejectsATruncatedYear() {
        // A download cut off before Christmas would otherwise make 25-26 Dec working days.
        assertThatThrownBy(() -> load(division("england-and-wales", YEAR_2031.subList(0, 6))))
                .isInstanceOf(BankHolidayDataException.class)
                .hasMessageContaining("year 2031 has 6 bank holiday(s)");
    }

    @Test
    void rejectsAMissingYearInTheMiddle() {
        List<String> events = new ArrayList<>(YEAR_2031);
        events.add(event("New Year’s Day", "2033-01-03", "Substitute day"));
        assertThatThrownBy(() -> load(division("england-and-wales", events)))
                .isInstanceOf(BankHolidayDataException.class)
                .hasMessageContaining("year 2032 has 0 bank holiday(s)");
    }

    @Test
    void rejectsMalformedJsonAndEmptyEvents() {
        assertThatThrownBy(() -> load("{\"division\": \"england-and-wales\", \"events\": ["))
                .isInstanceOf(BankHolidayDataException.class).hasMessageContaining("test.json: not valid JSON");
        assertThatThrownBy(() -> load("{\"division\": \"england-and-wales\", \"events\": []}"))
                .isInstanceOf(BankHolidayDataException.class).hasMessageContaining("non-empty array");
        assertThatThrownBy(() -> load("[]"))
                .isInstanceOf(BankHolidayDataException.class).hasMessageContaining("expected a JSON object");
    }

    @Test
    void missingNotesAndBuntingDefault() {
        List<String> events = new ArrayList<>(YEAR_2031);
        events.set(0, "{\"title\": \"New Year’s Day\", \"date\": \"2031-01-01\"}");
        BankHoliday newYear = load(division("england-and-wales", events)).on(LocalDate.of(2031, 1, 1)).orElseThrow();
        assertThat(newYear.notes()).isEmpty();
        assertThat(newYear.isSubstituteDay()).isFalse();
    }

    @Test
    void operatorFileOverlaysTheBundledYears(@TempDir Path dir) throws IOException {
        // A newer file re-issuing 2030 with an extra (hypothetical) holiday, plus 2031.
        List<String> events = new ArrayList<>();
        for (BankHoliday h : BankHolidayLoader.loadDefault().inYear(2030)) {
            events.add(event(h.title(), h.date().toString(), h.notes()));
        }
        events.add(event("Hypothetical extra bank holiday", "2030-07-01", ""));
        events.addAll(YEAR_2031);
        Path file = dir.resolve("bank-holidays.json");
        Files.writeString(file, division("england-and-wales", events), StandardCharsets.UTF_8);

        BankHolidays merged = BankHolidayLoader.loadDefaultOverlaidWith(file);
        WorkingDayCalendar calendar = new WorkingDayCalendar(merged);
        assertThat(merged.firstYear()).isEqualTo(2010);
        assertThat(merged.lastYear()).isEqualTo(2031);
        assertThat(calendar.isWorkingDay(LocalDate.of(2030, 7, 1))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2013, 3, 29))).isFalse(); // history kept
        assertThat(calendar.nextWorkingDay(LocalDate.of(2030, 12, 31))).isEqualTo(LocalDate.of(2031, 1, 2));
        assertThat(merged.source()).contains(file.toString());
        assertThat(BankHolidayLoader.loadDefaultOverlaidWith(null).lastYear()).isEqualTo(2030);
    }

    @Test
    void overlayThatWouldLeaveAHoleIsRefused(@TempDir Path dir) throws IOException {
        // Easter Sunday 2033 is 17 Apr; New Year and Christmas 2033 fall on Saturday and Sunday.
        Path file = dir.resolve("2033.json");
        List<String> year2033 = List.of(
                event("New Year’s Day", "2033-01-03", "Substitute day"), event("Good Friday", "2033-04-15", ""),
                event("Easter Monday", "2033-04-18", ""), event("Early May bank holiday", "2033-05-02", ""),
                event("Spring bank holiday", "2033-05-30", ""), event("Summer bank holiday", "2033-08-29", ""),
                event("Boxing Day", "2033-12-26", ""), event("Christmas Day", "2033-12-27", "Substitute day"));
        Files.writeString(file, division("england-and-wales", year2033), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BankHolidayLoader.loadDefaultOverlaidWith(file))
                .isInstanceOf(BankHolidayDataException.class)
                .hasMessageContaining("no data would remain for year(s) [2031, 2032]");
    }

    @Test
    void unreadableFileIsReportedWithItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> BankHolidayLoader.load(missing))
                .isInstanceOf(BankHolidayDataException.class)
                .hasMessageContaining(missing.toString());
    }

    private static BankHolidays load(String json) {
        return BankHolidayLoader.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    private static String division(String name, List<String> events) {
        return "{\"division\": \"" + name + "\", \"events\": [" + String.join(",", events) + "]}";
    }

    private static String event(String title, String date, String notes) {
        return "{\"title\": \"" + title + "\", \"date\": \"" + date + "\", \"notes\": \"" + notes + "\", \"bunting\": true}";
    }
}
