package org.opensafeguarding.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Gives an error answer that has no body one: some parts answer a bare status (the actuator's 404 for a health
 * component that does not exist, an endpoint returning an empty 4xx), which would be the only error answers of the
 * service that are not problem JSON. Holds back the flush such an answer asks for, until it is known whether a
 * body follows. Answers that have a body, and errors sent to the error page, are left alone.
 */
public class EmptyErrorBodyFilter extends OncePerRequestFilter implements Ordered {

    /** Outside everything else, so it sees the answer last. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Watched watched = new Watched(response);
        chain.doFilter(request, watched);
        if (watched.bodyStarted || watched.sentError || response.isCommitted()) {
            if (watched.flushHeld) {
                response.flushBuffer();
            }
            return;
        }
        int status = response.getStatus();
        if (status >= 400 && status < 600 && !"HEAD".equals(request.getMethod())) {
            HttpStatusCode code = HttpStatusCode.valueOf(status);
            ProblemDetail problem = HttpProblems.problem(code, HttpProblemHandler.code(code), status == 404
                    ? "There is nothing at this path (see the OpenAPI document, /v3/api-docs)."
                    : HttpProblemHandler.genericDetail(code));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            JSON.writeValue(response.getOutputStream(), HttpProblems.members(problem));
        } else if (watched.flushHeld) {
            response.flushBuffer();
        }
    }

    /** Notes whether a body was begun or an error sent, and holds back a flush before either. */
    private static final class Watched extends HttpServletResponseWrapper {
        boolean bodyStarted;
        boolean sentError;
        boolean flushHeld;

        Watched(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            bodyStarted = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            bodyStarted = true;
            return super.getWriter();
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            sentError = true;
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            sentError = true;
            super.sendError(sc);
        }

        @Override
        public void flushBuffer() throws IOException {
            if (bodyStarted || getStatus() < 400) {
                super.flushBuffer();
            } else {
                flushHeld = true;
            }
        }
    }
}
