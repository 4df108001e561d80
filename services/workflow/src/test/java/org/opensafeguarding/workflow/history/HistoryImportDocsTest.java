package org.opensafeguarding.workflow.history;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.casefile.RegimeProperties;
import org.opensafeguarding.workflow.casefile.RegimeSelector;
import org.opensafeguarding.workflow.lado.KcsieEditions;
import org.opensafeguarding.workflow.lado.KcsieProperties;
import org.opensafeguarding.workflow.notices.NcmdProperties;
import org.opensafeguarding.workflow.tenancy.Tenancy;
import org.opensafeguarding.workflow.tenancy.TenancyProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/import.md's column tables are generated from the formats themselves, so the documentation cannot drift from
 * what the import checks. Run with {@code -Dimport-docs.write=true} to rewrite them after changing a format.
 */
class HistoryImportDocsTest {

    private static final Path DOC = Path.of("../../docs/import.md");
    private static final String START = "<!-- generated:import-columns -->";
    private static final String END = "<!-- /generated:import-columns -->";

    static List<HistoryFormat> formats() {
        RegimeSelector regimes = new RegimeSelector(new RegimeProperties(null, null));
        Tenancy tenancy = new Tenancy(new TenancyProperties(null, Map.of()));
        return List.of(new LadoHistoryFormat(regimes, new KcsieEditions(new KcsieProperties(null)), tenancy),
                new ChildDeathHistoryFormat(regimes, new NcmdProperties(null)),
                new CaseReviewHistoryFormat(regimes, tenancy));
    }

    @Test
    void theColumnTablesAreTheFormatsOwn() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(doc).contains(START, END);
        String generated = render();
        String current = doc.substring(doc.indexOf(START) + START.length(), doc.indexOf(END));
        if (Boolean.getBoolean("import-docs.write")) {
            Files.writeString(DOC, doc.substring(0, doc.indexOf(START) + START.length()) + generated
                    + doc.substring(doc.indexOf(END)), StandardCharsets.UTF_8);
            return;
        }
        assertThat(current).as("docs/import.md is stale: run with -Dimport-docs.write=true").isEqualTo(generated);
    }

    @Test
    void everyFormatHasAnExampleFileWithEveryColumn() throws IOException {
        for (HistoryFormat format : formats()) {
            Path example = Path.of("../../docs/import/" + format.type().path() + ".csv");
            String header = Files.readAllLines(example, StandardCharsets.UTF_8).get(0);
            assertThat(List.of(header.split(","))).as(example.toString())
                    .containsExactlyElementsOf(format.columns().stream().map(Column::name).toList());
        }
    }

    static String render() {
        StringBuilder out = new StringBuilder("\n");
        for (HistoryFormat format : formats()) {
            out.append("\n#### `").append(format.type().path()).append("` (case type `")
                    .append(format.type().caseType().name()).append("`)\n\n")
                    .append("| Column | Required | Type | Allowed codes | Rule |\n|---|---|---|---|---|\n");
            for (Column c : format.columns()) {
                out.append("| `").append(c.name()).append("` | ").append(c.required() ? "yes" : "no").append(" | ")
                        .append(type(c.type())).append(" | ")
                        .append(c.codes().isEmpty() ? "" : "`" + String.join("`, `", c.codes()) + "`").append(" | ")
                        .append(c.rule().replace("|", "\\|")).append(" |\n");
            }
        }
        return out.append("\n").toString();
    }

    private static String type(Column.Type type) {
        return switch (type) {
            case REFERENCE -> "reference";
            case TENANT -> "tenant";
            case DATE -> "date `yyyy-mm-dd`";
            case CODE -> "code";
            case CODE_LIST -> "codes, `;`-separated";
            case BOOLEAN -> "`true` / `false`";
            case INTEGER -> "whole number";
        };
    }
}
