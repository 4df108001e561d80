package org.opensafeguarding.platform.openapi;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The problem JSON schema (problem.schema.json beside this class), as a component every error answer refers to. */
public final class ProblemSchema {

    public static final String NAME = "Problem";
    public static final String REF = "#/components/schemas/" + NAME;
    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemSchema() {
    }

    static Schema<?> schema() {
        try (InputStream in = ProblemSchema.class.getResourceAsStream("problem.schema.json")) {
            return Json31.mapper().readValue(in, Schema.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Content content() {
        return new Content().addMediaType(MEDIA_TYPE, new MediaType().schema(new Schema<>().$ref(REF)));
    }
}
