package org.opensafeguarding.engine.rest;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Answers the REST controllers' futures by writing the response on completion, instead of Spring MVC's deferred
 * result, which hands the value back through a second dispatch: the valves, the filters, the dispatcher servlet and
 * the handler lookup all ran again for every command, about 40 % of the engine's HTTP time under load (a JFR profile
 * of the one-task benchmark). The answer is the same: the status, headers and body of a {@link ResponseEntity}, or
 * 200 with the value as JSON, and errors as {@link ProblemHandler} answers them.
 *
 * <p>The answer is written only once the request thread has left the filter chain ({@link ReleaseFilter}): filters
 * still touch the response after the chain returns (the security headers), and the servlet API is not safe for two
 * threads at once. If the request times out or fails before the value comes, or the caller is gone when it is
 * written, a value given as a {@link Handover} has its give-back run (activated jobs are returned). The servlet
 * request itself is not touched once it is done: the container reuses it.
 */
final class FutureAnswers implements HandlerMethodReturnValueHandler {

    /** A body that holds something for the caller, and what undoes that when the caller cannot be given it. */
    record Handover<T>(T body, Runnable giveBack) {
    }

    private static final String PENDING = FutureAnswers.class.getName() + ".pending";
    private static final String RELEASE_COMES = FutureAnswers.class.getName() + ".releaseComes";
    private static final Logger LOG = LoggerFactory.getLogger(FutureAnswers.class);

    private final List<HttpMessageConverter<?>> converters;
    private final ProblemHandler problems;
    private final Duration timeout;

    FutureAnswers(List<HttpMessageConverter<?>> converters, ProblemHandler problems, Duration timeout) {
        this.converters = List.copyOf(converters);
        this.problems = problems;
        this.timeout = timeout;
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        return CompletionStage.class.isAssignableFrom(returnType.getParameterType())
                && returnType.getContainingClass().getPackageName().equals(FutureAnswers.class.getPackageName());
    }

    @Override
    public void handleReturnValue(Object returnValue, MethodParameter returnType, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest) throws Exception {
        mavContainer.setRequestHandled(true);
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
        CompletableFuture<?> future = ((CompletionStage<?>) returnValue).toCompletableFuture();
        if (future.isDone()) {
            // answered on this thread, inside the chain, as any synchronous handler
            Outcome outcome = Outcome.of(future);
            if (!write(request, response, outcome)) {
                outcome.undelivered();
            }
            return;
        }
        if (request.getAttribute(RELEASE_COMES) == null) {
            throw new IllegalStateException("FutureAnswers needs its ReleaseFilter around the dispatcher servlet");
        }
        AsyncContext async = request.startAsync(request, response);
        if (timeout != null) {
            async.setTimeout(timeout.toMillis());
        }
        Pending pending = new Pending(async, request, response);
        async.addListener(pending);
        request.setAttribute(PENDING, pending);
        future.whenComplete(pending::completed);
    }

    /** Writes the answer; false if the caller could not be written to (gone). */
    private boolean write(HttpServletRequest request, HttpServletResponse response, Outcome outcome) {
        try {
            Object value = outcome.value() instanceof Handover<?> handover ? handover.body() : outcome.value();
            ResponseEntity<?> entity = outcome.error() != null ? problems.answer(outcome.error())
                    : value instanceof ResponseEntity<?> given ? given : ResponseEntity.ok(value);
            writeEntity(request, response, entity);
            return true;
        } catch (IOException | HttpMessageNotWritableException e) {
            LOG.debug("could not write the answer to {} {}: {}", request.getMethod(), request.getRequestURI(),
                    e.toString());
            return false;
        } catch (RuntimeException e) {
            // a fault of ours: the caller still gets an answer, as Spring MVC would give it
            LOG.error("could not write the answer to {} {}", request.getMethod(), request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.reset();
                try {
                    writeEntity(request, response, ProblemHandler.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                            "INTERNAL", "the answer could not be written"));
                } catch (IOException | RuntimeException again) {
                    LOG.debug("could not write the error answer either: {}", again.toString());
                }
            }
            return true;
        }
    }

    @SuppressWarnings("unchecked")
    private void writeEntity(HttpServletRequest request, HttpServletResponse response, ResponseEntity<?> entity)
            throws IOException {
        ServletServerHttpResponse out = new ServletServerHttpResponse(response);
        out.setStatusCode(entity.getStatusCode());
        out.getHeaders().putAll(entity.getHeaders());
        Object body = entity.getBody();
        if (body == null) {
            out.flush();
            return;
        }
        if (body instanceof ProblemDetail problem && problem.getInstance() == null) {
            // as Spring MVC fills it in
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        MediaType type = entity.getHeaders().getContentType() == null ? MediaType.APPLICATION_JSON
                : entity.getHeaders().getContentType();
        for (HttpMessageConverter<?> converter : converters) {
            if (converter.canWrite(body.getClass(), type)) {
                ((HttpMessageConverter<Object>) converter).write(body, type, out);
                return;
            }
        }
        throw new IllegalStateException("no message converter writes " + body.getClass().getName() + " as " + type);
    }

    private record Outcome(Object value, Throwable error) {

        void undelivered() {
            if (value instanceof Handover<?> handover) {
                handover.giveBack().run();
            }
        }

        static Outcome of(CompletableFuture<?> done) {
            try {
                return new Outcome(done.join(), null);
            } catch (Throwable e) {
                return new Outcome(null, e);
            }
        }
    }

    /**
     * One request waiting for its future. Two things must happen before it is written: the future completes, and the
     * request thread leaves the chain. A timeout or an error of the request settles it first and the value, when it
     * comes, is undelivered.
     */
    private final class Pending implements AsyncListener {

        private final AsyncContext async;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final AtomicInteger awaited = new AtomicInteger(2);
        private final AtomicBoolean settled = new AtomicBoolean();
        private volatile Outcome outcome;

        Pending(AsyncContext async, HttpServletRequest request, HttpServletResponse response) {
            this.async = async;
            this.request = request;
            this.response = response;
        }

        void completed(Object value, Throwable error) {
            outcome = new Outcome(value, error);
            released();
        }

        /** The request thread's half; {@link #completed} ends with it too, whichever of the two comes last answers. */
        void released() {
            if (awaited.decrementAndGet() == 0) {
                answer();
            }
        }

        private void answer() {
            if (!settled.compareAndSet(false, true)) {
                outcome.undelivered();
                return;
            }
            // on a container thread: the completing thread may be the engine's processing thread
            async.start(() -> {
                try {
                    if (!write(request, response, outcome)) {
                        outcome.undelivered();
                    }
                } finally {
                    async.complete();
                }
            });
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            if (settled.compareAndSet(false, true)) {
                LOG.debug("parked request timed out (server stopping or async timeout)");
                write(request, response, new Outcome(ProblemHandler.parkedTooLong(), null));
                async.complete();
            }
        }

        /** The value, when it comes, finds the request settled and is undelivered. */
        @Override
        public void onError(AsyncEvent event) {
            settled.set(true);
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    /** Outside the chain: tells a pending answer that the request thread is done with the response. */
    static final class ReleaseFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            request.setAttribute(RELEASE_COMES, Boolean.TRUE);
            try {
                chain.doFilter(request, response);
            } finally {
                if (request.getAttribute(PENDING) instanceof Pending pending) {
                    pending.released();
                }
            }
        }
    }
}
