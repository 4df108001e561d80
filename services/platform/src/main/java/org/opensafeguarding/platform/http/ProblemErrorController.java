package org.opensafeguarding.platform.http;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page, as problem JSON: what reaches it (the container's own refusals, such as a malformed URL, an
 * error a filter sends, an exception no handler took) is answered like every other refusal, in place of Spring
 * Boot's whitelabel page and its JSON with the exception's class, message and trace.
 */
@Hidden
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status = code instanceof Integer value && value >= 400 && value < 600
                ? HttpStatusCode.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        return HttpProblems.response(HttpProblems.problem(status, HttpProblemHandler.code(status),
                status.value() == 404 ? "There is nothing at this path (see the OpenAPI document, /v3/api-docs)."
                        : HttpProblemHandler.genericDetail(status)), null);
    }
}
