package org.opensafeguarding.engine.benchmark;

import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import jakarta.servlet.Filter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.opensafeguarding.engine.EmbeddedEngine;
import org.opensafeguarding.engine.EngineSettings;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.engine.TestEngines;
import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.IdentityConverter;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;
import org.opensafeguarding.testkit.TestIdentity;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * What the token checks add to a request: two embedded engines in this JVM, one with security off and one with
 * security on (trusting the test identity provider), and the same hot, stateless requests sent to each, one at a
 * time: {@code GET /v2/topology}, {@code POST /v2/jobs/activation} that finds no job (no long polling), gRPC
 * {@code Topology} and {@code ActivateJobs} (no long polling). Off and on alternate in blocks so that drift in the
 * machine's load hits both alike. The token is fetched once (the client's cost is not measured); the engine
 * verifies its signature on every request. Prints p50 and p99 per request in microseconds and the difference, then
 * the parts of the check timed alone (decode and verify, identity, matrix rule, Spring Security's whole filter chain
 * on a mock request).
 *
 * <p>Not a test: run it with {@code BENCH_CLASS=org.opensafeguarding.engine.benchmark.SecurityOverheadBenchmark
 * services/engine/benchmark.sh}. System properties: {@code bench.warmup} (requests per engine and kind before
 * measuring, 3000), {@code bench.requests} (measured requests per engine and kind, 10000), {@code bench.block}
 * (requests per block before switching engines, 500).
 */
public final class SecurityOverheadBenchmark {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String ACTIVATION = "{\"type\":\"bench-no-jobs\",\"maxJobsToActivate\":1,"
            + "\"timeout\":1000,\"requestTimeout\":-1}";

    private SecurityOverheadBenchmark() {
    }

    /** One request kind against one engine; returns nothing, throws when the answer is not a success. */
    @FunctionalInterface
    interface Request {
        void send() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 3000);
        int requests = Integer.getInteger("bench.requests", 10_000);
        int block = Integer.getInteger("bench.block", 500);
        System.out.printf("security overhead benchmark: %d warm-up and %d measured sequential requests per engine"
                        + " and kind, blocks of %d, %d CPUs, load average at start %s%n", warmup, requests, block,
                Runtime.getRuntime().availableProcessors(), EngineBenchmark.loadAverage());

        String token = TestIdentity.shared().clientToken("bench-workflow", Set.of("WORKFLOW_SERVICE"), Set.of());
        EngineSettings base = EngineSettings.forDatabase(EmbeddedPostgresSupport.newDatabase("bench_off"),
                EmbeddedPostgresSupport.username(), EmbeddedPostgresSupport.password());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (RunningEngine off = EmbeddedEngine.start(TestEngines.unsecuredTesting(base));
             RunningEngine on = EmbeddedEngine.start(EngineSettings.forDatabase(
                     EmbeddedPostgresSupport.newDatabase("bench_on"), EmbeddedPostgresSupport.username(),
                     EmbeddedPostgresSupport.password())
                     .withProperty("engine.security.issuer-uri", TestIdentity.shared().issuer().toString()))) {
            ManagedChannel offChannel = channel(off);
            ManagedChannel onChannel = channel(on);
            try {
                Metadata bearer = new Metadata();
                bearer.put(AUTHORIZATION, "Bearer " + token);
                GatewayGrpc.GatewayBlockingStub offStub = GatewayGrpc.newBlockingStub(offChannel);
                GatewayGrpc.GatewayBlockingStub onStub = GatewayGrpc.newBlockingStub(onChannel)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer));
                ActivateJobsRequest activate = ActivateJobsRequest.newBuilder().setType("bench-no-jobs")
                        .setMaxJobsToActivate(1).setTimeout(1000).setRequestTimeout(-1).build();

                List<String> lines = new ArrayList<>();
                lines.add(compare("REST GET /v2/topology", warmup, requests, block,
                        () -> rest(http, off, "GET", "/v2/topology", null, null),
                        () -> rest(http, on, "GET", "/v2/topology", null, token)));
                lines.add(compare("REST POST /v2/jobs/activation (no jobs)", warmup, requests, block,
                        () -> rest(http, off, "POST", "/v2/jobs/activation", ACTIVATION, null),
                        () -> rest(http, on, "POST", "/v2/jobs/activation", ACTIVATION, token)));
                lines.add(compare("gRPC Topology", warmup, requests, block,
                        () -> offStub.topology(TopologyRequest.getDefaultInstance()),
                        () -> onStub.topology(TopologyRequest.getDefaultInstance())));
                lines.add(compare("gRPC ActivateJobs (no jobs)", warmup, requests, block,
                        () -> offStub.activateJobs(activate).forEachRemaining(r -> { }),
                        () -> onStub.activateJobs(activate).forEachRemaining(r -> { })));
                lines.addAll(parts(on, token, warmup, requests));
                System.out.println();
                System.out.println("=== security overhead (p50 / p99 per request, µs; load average at end "
                        + EngineBenchmark.loadAverage() + ") ===");
                lines.forEach(System.out::println);
            } finally {
                offChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                onChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        System.exit(0); // the shared identity provider and PostgreSQL stop in their shutdown hooks
    }

    private static String compare(String name, int warmup, int requests, int block, Request off, Request on)
            throws Exception {
        for (int i = 0; i < warmup; i++) {
            off.send();
            on.send();
        }
        long[] offTimes = new long[requests];
        long[] onTimes = new long[requests];
        for (int done = 0; done < requests; done += block) {
            int n = Math.min(block, requests - done);
            measure(off, offTimes, done, n);
            measure(on, onTimes, done, n);
        }
        long offP50 = percentile(offTimes, 50);
        long offP99 = percentile(offTimes, 99);
        long onP50 = percentile(onTimes, 50);
        long onP99 = percentile(onTimes, 99);
        String line = String.format(Locale.ROOT, "%-42s off %6d / %6d   on %6d / %6d   added %+6d / %+6d", name,
                offP50, offP99, onP50, onP99, onP50 - offP50, onP99 - offP99);
        System.out.println(line);
        return line;
    }

    /** The pieces of the check on their own, in this thread: decode and verify, read the identity, find the rule. */
    private static List<String> parts(RunningEngine engine, String token, int warmup, int requests) throws Exception {
        JwtDecoder decoder = engine.context().getBean(JwtDecoder.class);
        IdentityConverter converter = engine.context().getBean(IdentityConverter.class);
        AccessMatrix.ServiceRules rules = engine.context().getBean(AccessMatrix.class).service("engine");
        Jwt jwt = decoder.decode(token);
        Identity identity = converter.identify(jwt);
        List<String> lines = new ArrayList<>();
        lines.add(single("part: JwtDecoder.decode (RS256 verify, validators)", warmup, requests,
                () -> decoder.decode(token)));
        lines.add(single("part: IdentityConverter.identify", warmup, requests, () -> converter.identify(jwt)));
        lines.add(single("part: matrix rule for POST /v2/jobs/activation", warmup, requests, () -> {
            if (rules.isPublic("POST", "/v2/jobs/activation")
                    || !rules.allows(identity, "POST", "/v2/jobs/activation")) {
                throw new IllegalStateException("the matrix should allow the workflow service to activate jobs");
            }
        }));
        // everything Spring Security does for one request, without Tomcat, MVC and the engine
        Filter chain = engine.context().getBean("springSecurityFilterChain", Filter.class);
        lines.add(single("part: whole security filter chain, mock request", warmup, requests, () -> {
            MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v2/jobs/activation");
            request.addHeader("Authorization", "Bearer " + token);
            request.setContentType("application/json");
            MockHttpServletResponse response = new MockHttpServletResponse();
            MockFilterChain through = new MockFilterChain();
            chain.doFilter(request, response, through);
            if (through.getRequest() == null) {
                throw new IllegalStateException("the filter chain stopped the request: " + response.getStatus());
            }
        }));
        return lines;
    }

    private static String single(String name, int warmup, int requests, Request request) throws Exception {
        for (int i = 0; i < warmup; i++) {
            request.send();
        }
        long[] times = new long[requests];
        measure(request, times, 0, requests);
        String line = String.format(Locale.ROOT, "%-50s %6d / %6d", name, percentile(times, 50),
                percentile(times, 99));
        System.out.println(line);
        return line;
    }

    private static void measure(Request request, long[] times, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            long start = System.nanoTime();
            request.send();
            times[i] = System.nanoTime() - start;
        }
    }

    /** In microseconds. */
    private static long percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percent / 100.0 * sorted.length) - 1);
        return TimeUnit.NANOSECONDS.toMicros(sorted[Math.max(0, index)]);
    }

    private static void rest(HttpClient http, RunningEngine engine, String method, String path, String body,
                             String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.restAddress() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
        }
    }

    private static ManagedChannel channel(RunningEngine engine) {
        return NettyChannelBuilder.forAddress(engine.grpcAddress().getHost(), engine.grpcAddress().getPort())
                .usePlaintext().build();
    }
}
