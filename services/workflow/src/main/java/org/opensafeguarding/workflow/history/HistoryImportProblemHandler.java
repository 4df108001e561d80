package org.opensafeguarding.workflow.history;

import org.opensafeguarding.workflow.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Problem JSON for the import API: every faulty line, column and rule; never a cell's value. */
@RestControllerAdvice(assignableTypes = HistoryImportController.class)
class HistoryImportProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(HistoryImportProblemHandler.class);
    private static final String AREA = "import";

    @ExceptionHandler(HistoryImportRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(HistoryImportRejectedException e) {
        ProblemDetail problem = Problems.problem(AREA, HttpStatus.BAD_REQUEST, "invalid-import", e.getMessage() + ".");
        List<Map<String, Object>> errors = e.violations().stream().map(v -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("line", v.line());
            error.put("column", v.column());
            error.put("rule", v.rule());
            error.put("message", v.message());
            return error;
        }).toList();
        problem.setProperty("errors", errors);
        problem.setProperty("lines", e.violations().stream().map(HistoryViolation::line).distinct().toList());
        return respond(problem);
    }

    @ExceptionHandler(HistoryImportController.BadImportRequest.class)
    ResponseEntity<ProblemDetail> badRequest(HistoryImportController.BadImportRequest e) {
        ProblemDetail problem = Problems.problem(AREA, e.status, e.code, e.getMessage());
        problem.setProperty("field", e.parameter);
        problem.setProperty("rule", e.rule);
        return respond(problem);
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> concurrent(DuplicateKeyException e) {
        return respond(Problems.problem(AREA, HttpStatus.CONFLICT, "import-conflict", "Another import wrote some of "
                + "these cases at the same time and nothing of this one was imported; send it again and the cases "
                + "already there are skipped."));
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        // the class only: a database error's detail can quote the row that failed
        log.warn("history import not stored, database unavailable: {}", e.getClass().getSimpleName());
        return Problems.databaseUnavailable(AREA);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
