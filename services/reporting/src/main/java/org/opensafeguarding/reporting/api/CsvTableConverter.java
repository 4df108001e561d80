package org.opensafeguarding.reporting.api;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A table as RFC 4180 CSV: a header line, CRLF line ends, quotes where a field needs them, UTF-8. */
public class CsvTableConverter extends AbstractHttpMessageConverter<ReportTable> {

    public static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    public static final String TEXT_CSV_VALUE = "text/csv";

    public CsvTableConverter() {
        super(TEXT_CSV);
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return ReportTable.class.isAssignableFrom(clazz);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected ReportTable readInternal(Class<? extends ReportTable> clazz, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("tables are only written", input);
    }

    @Override
    protected void writeInternal(ReportTable table, HttpOutputMessage output) throws IOException {
        output.getHeaders().setContentDisposition(org.springframework.http.ContentDisposition.attachment()
                .filename(table.name() + ".csv").build());
        Writer writer = new OutputStreamWriter(output.getBody(), StandardCharsets.UTF_8);
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
                .setHeader(table.headers().toArray(String[]::new)).get())) {
            for (List<Object> row : table.rows()) {
                csv.printRecord(row.stream().map(v -> v == null ? "" : v.toString()).toList());
            }
        }
    }
}
