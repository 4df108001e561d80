package org.opensafeguarding.platform.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.Map;
import java.util.Set;

/**
 * The answers every operation can give whatever it does, added in one place rather than on each method: 401 and
 * 403 from the security layer, 406, 500 and 503 (with Retry-After) from the shared problem handler, and for an
 * operation with a body 400, 413 and 415 (the request limits and the body's media type), with path parameters 404.
 * Every error answer is described as problem JSON. Engine keys and other int64 parameters are documented as strings
 * of digits: they exceed 2^53, which a JavaScript number cannot hold; the service still parses the digits.
 */
final class CommonResponses implements OpenApiCustomizer {

    static final String DIGITS = "^[0-9]{1,19}$";

    private static final Map<String, String> ALWAYS = Map.of(
            "401", "No valid bearer token (missing, expired, or not from the partnership's identity provider)",
            "403", "The caller's roles, partnership or case access do not allow this",
            "406", "The request's Accept does not include what this operation answers",
            "500", "Failed on the service's side; the problem says nothing more",
            "503", "Unavailable for now (database or engine away); nothing was changed, send it again after "
                    + "Retry-After seconds");

    private static final Map<String, String> WITH_BODY = Map.of(
            "400", "The request is not valid; the problem names the field (JSON pointer) and the rule",
            "413", "The body is larger than the limit (safeguarding.http.max-body-size or the API's own)",
            "415", "The body's Content-Type is not one this operation takes");

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(this::complete));
    }

    private void complete(Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        ALWAYS.forEach((status, description) -> addIfMissing(responses, status, description));
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (operation.getRequestBody() != null) {
            WITH_BODY.forEach((status, description) -> addIfMissing(responses, status, description));
        } else if (parameters) {
            addIfMissing(responses, "400", "A parameter is not valid; the problem names it and the rule");
        }
        if (parameters && operation.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()))) {
            addIfMissing(responses, "404", "Nothing with this id, or nothing the caller may see");
        }
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(ProblemSchema.content());
            }
        });
        responses.get("503").addHeaderObject("Retry-After", new Header().description("seconds to wait before "
                + "sending the request again").schema(typed("integer")));
        responses.get("401").addHeaderObject("WWW-Authenticate", new Header().description("Bearer, with "
                + "error=\"invalid_token\" when a token was refused").schema(typed("string")));
        if (responses.get("415") != null) {
            responses.get("415").addHeaderObject("Accept", new Header().description("the media types this "
                    + "operation takes").schema(typed("string")));
        }
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(CommonResponses::int64AsDigits);
        }
    }

    private static void addIfMissing(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description));
        }
    }

    private static void int64AsDigits(Parameter parameter) {
        Schema<?> schema = parameter.getSchema();
        if (schema != null && "int64".equals(schema.getFormat())) {
            Schema<?> digits = typed("string").pattern(DIGITS);
            digits.setDescription(schema.getDescription());
            parameter.setSchema(digits);
            parameter.setExample(parameter.getExample() != null ? parameter.getExample() : "2251799813685249");
        }
    }

    /** A schema of one JSON type, as both OpenAPI 3.0 ({@code type}) and 3.1 ({@code types}) write it. */
    static Schema<?> typed(String type) {
        Schema<Object> schema = new Schema<>();
        schema.setType(type);
        schema.setTypes(Set.of(type));
        return schema;
    }
}
