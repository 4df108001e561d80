package org.opensafeguarding.platform.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holds every request body to {@link RequestLimitsProperties}: a {@code Content-Length} over the limit is answered
 * 413 without reading anything; otherwise the body is read once, at most one byte past the limit (so a chunked body
 * that runs over is caught too), a JSON body is scanned for its nesting depth with Jackson's
 * {@link StreamReadConstraints}, and the controller reads the same bytes from a replay of them. Refusals are RFC 9457
 * problem JSON ({@code body-too-large}, {@code json-too-deep}) naming the limit, never the body.
 *
 * <p>Form and multipart bodies are only held to their declared length: the container parses those itself (and has
 * its own limits). A body that is not well-formed JSON is passed on unchanged, for the endpoint to refuse in its own
 * terms.
 */
public class RequestLimitsFilter extends OncePerRequestFilter {

    /** After Spring Security's filter chain (-100): an unauthenticated request is refused before its body is read. */
    public static final int ORDER = -90;

    static final String PROBLEM_BASE = "https://opensafeguarding.org/problems/http/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxBytes;
    private final int maxDepth;
    private final JsonFactory depthChecking;

    public RequestLimitsFilter(RequestLimitsProperties properties) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.maxDepth = properties.maxJsonDepth();
        this.depthChecking = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .build();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(response);
            return;
        }
        boolean hasBody = declared > 0 || (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null);
        MediaType type = mediaType(request.getContentType());
        if (!hasBody || isForm(type)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) maxBytes + 1);
        if (body.length > maxBytes) {
            tooLarge(response);
            return;
        }
        if (isJson(type) && tooDeep(body)) {
            problem(response, HttpStatus.BAD_REQUEST, "json-too-deep", "max-json-depth", "The JSON body nests objects "
                    + "and arrays deeper than " + maxDepth + " levels (safeguarding.http.max-json-depth).");
            return;
        }
        chain.doFilter(new ReplayedBody(request, body), response);
    }

    /** Whether the document nests deeper than the limit; a document that is not JSON is not this filter's business. */
    boolean tooDeep(byte[] body) {
        int depth = 0;
        try (JsonParser parser = depthChecking.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            return false;
        } catch (StreamConstraintsException e) {
            // the constraint trips on the start token one level past the limit; other constraints are not depth
            return depth >= maxDepth;
        } catch (IOException e) {
            return false;
        }
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        problem(response, HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "max-body-size", "The request body is "
                + "larger than the limit of " + maxBytes + " bytes (safeguarding.http.max-body-size).");
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String code, String rule, String detail)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", PROBLEM_BASE + code);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("code", code);
        body.put("rule", rule);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.PAYLOAD_TOO_LARGE) {
            // the rest of the body is not read: do not keep the connection for a next request behind it
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        JSON.writeValue(response.getOutputStream(), body);
    }

    private static MediaType mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        try {
            return MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    private static boolean isJson(MediaType type) {
        return type != null && ("json".equalsIgnoreCase(type.getSubtype())
                || type.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("+json"));
    }

    private static boolean isForm(MediaType type) {
        return type != null && (MediaType.APPLICATION_FORM_URLENCODED.includes(type)
                || "multipart".equalsIgnoreCase(type.getType()));
    }

    /** The request with its body served from the bytes already read. */
    static final class ReplayedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has been read already; read it synchronously");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
