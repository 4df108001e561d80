package org.opensafeguarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensafeguarding.identity.provider.IdentityProviderClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * The campaign's users, as integrations and caseworkers are: an integration sends LADO referrals (three in four
 * POSTed with its client-credentials token, alternating between the workflow instances; one in four published to the
 * referral topic as its CloudEvent source), and caseworkers complete each case's first task through the tasklist API.
 * A send or a completion that fails (an instance or the broker gone, a 503) is sent again with the same event id or
 * the same values, to the other instance, as a well-behaved client does: so nothing is lost by the client, and a
 * loss or a duplicate found afterwards is the service's.
 *
 * <p>Referrals are sent as they are released ({@link #release}): the campaign releases a slice before each fault and
 * the rest of it after, so every fault happens under load. Retries are paced by Awaitility's poll, not by sleeps.
 */
final class CampaignLoad implements AutoCloseable {

    static final String FIRST_TASK = "InitialConsideration";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Duration RETRY_FOR = Duration.ofMinutes(5);
    private static final Duration RETRY_EVERY = Duration.ofMillis(200);
    private static final int SENDERS = 4;
    private static final int COMPLETERS = 2;

    /** A referral the integration sent, and which phase of the campaign it belongs to. */
    record Sent(int index, String eventId, String channel, int phase) {
    }

    private final CampaignStack stack;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final IdentityProviderClient identity;
    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService threads = Executors.newFixedThreadPool(SENDERS + COMPLETERS);
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    private final AtomicInteger released = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile int phase;
    private volatile boolean stopping;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Set<Long> claimedTasks = ConcurrentHashMap.newKeySet();
    /** Task key → the phase in which its completion was accepted. */
    private final Map<Long, Integer> completed = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    CampaignLoad(CampaignStack stack) {
        this.stack = stack;
        this.identity = new IdentityProviderClient(URI.create(stack.issuer()));
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    void start() {
        for (int i = 0; i < SENDERS; i++) {
            threads.submit(guarded(this::sendReleased));
        }
        for (int i = 0; i < COMPLETERS; i++) {
            threads.submit(guarded(this::completeTasks));
        }
    }

    /** Lets {@code count} more referrals go, counted to {@code phaseOfThese}. */
    void release(int count, int phaseOfThese) {
        phase = phaseOfThese;
        released.addAndGet(count);
    }

    int sentCount() {
        return (int) sent.stream().count();
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    Map<Long, Integer> completed() {
        return Map.copyOf(completed);
    }

    List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** Anything the load threads could not cope with: the campaign fails on it. */
    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    // ------------------------------------------------------------------------------------------ referrals

    private void sendReleased() {
        while (!stopping) {
            int index = next.get();
            if (index >= released.get()) {
                awaitMoreReleased(index);
                continue;
            }
            if (!next.compareAndSet(index, index + 1)) {
                continue;
            }
            int ofPhase = phase;
            String eventId = UUID.randomUUID().toString();
            boolean viaKafka = index % 4 == 3;
            byte[] body = referral(eventId).toString().getBytes(StandardCharsets.UTF_8);
            await("referral " + index + " accepted").atMost(RETRY_FOR).pollInterval(RETRY_EVERY)
                    .pollDelay(Duration.ZERO).until(() -> viaKafka ? publish(eventId, body) : post(body));
            sent.add(new Sent(index, eventId, viaKafka ? "KAFKA" : "REST", ofPhase));
        }
    }

    private void awaitMoreReleased(int index) {
        await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> stopping || released.get() > index);
    }

    /** One CloudEvent of a LADO referral from the demo MASH of demo-north, sent now. */
    private ObjectNode referral(String eventId) {
        ObjectNode e = json.createObjectNode();
        e.put("specversion", "1.0");
        e.put("id", eventId);
        e.put("source", "urn:demo-north:mash");
        e.put("type", DemoReferrals.LADO);
        e.put("time", Instant.now().toString());
        e.put("datacontenttype", "application/json");
        e.set("data", DemoReferrals.lado(LocalDate.now(LONDON), "education", "employer-dsl"));
        return e;
    }

    /** @return true once an instance stored it (201) or had stored it before (200) */
    private boolean post(byte[] body) {
        int instance = Math.floorMod(roundRobin.getAndIncrement(), stack.workflowPorts.size());
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(stack.workflowUrl(instance) + "/api/referrals"))
                .header("Authorization", "Bearer " + clientToken("mash-north"))
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), "client:mash-north");
        if (r == null || r.statusCode() == 503 || r.statusCode() == 401) {
            return false;
        }
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new AssertionError("POST /api/referrals answered " + r.statusCode() + ": " + r.body());
        }
        return true;
    }

    private boolean publish(String eventId, byte[] body) {
        try {
            producer.send(new ProducerRecord<>("safeguarding.referrals.v1", eventId, body)).get(20, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false; // the broker is away: the same record again, its event id makes a repeat harmless
        }
    }

    // ------------------------------------------------------------------------------------------ tasks

    private void completeTasks() {
        while (!stopping) {
            List<Long> open = openFirstTasks();
            boolean any = false;
            for (long key : open) {
                if (stopping) {
                    return;
                }
                if (claimedTasks.add(key)) {
                    any = true;
                    int ofPhase = phase;
                    await("completion of task " + key).atMost(RETRY_FOR).pollInterval(RETRY_EVERY)
                            .pollDelay(Duration.ZERO).until(() -> completeOnce(key));
                    completed.put(key, ofPhase);
                }
            }
            if (!any) {
                int seen = claimedTasks.size();
                await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(250)).until(() -> stopping
                        || openFirstTasks().stream().anyMatch(k -> !claimedTasks.contains(k)) || claimedTasks.size() > seen);
            }
        }
    }

    /** The open first tasks the demo LADO officer sees in the tasklist of either instance. */
    private List<Long> openFirstTasks() {
        int instance = Math.floorMod(roundRobin.getAndIncrement(), stack.workflowPorts.size());
        HttpResponse<String> r = send(asUser(URI.create(stack.workflowUrl(instance) + "/api/tasks?size=100")).GET(),
                "user:lado.north");
        if (r == null || r.statusCode() != 200) {
            return List.of();
        }
        List<Long> keys = new ArrayList<>();
        for (JsonNode t : read(r.body()).path("items")) {
            if (FIRST_TASK.equals(t.path("elementId").asText())) {
                keys.add(t.path("taskKey").asLong());
            }
        }
        return keys;
    }

    /** @return true once an instance has taken the completion (200 done, 202 stored and handed on later) */
    private boolean completeOnce(long key) {
        int instance = Math.floorMod(roundRobin.getAndIncrement(), stack.workflowPorts.size());
        HttpResponse<String> r = send(asUser(URI.create(stack.workflowUrl(instance) + "/api/tasks/" + key + "/completion"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(noFurtherAction()))), "user:lado.north");
        if (r == null || r.statusCode() >= 500 || r.statusCode() == 401) {
            return false;
        }
        if (r.statusCode() == 200 || r.statusCode() == 202) {
            return true;
        }
        refusals.add("task " + key + ": " + r.statusCode() + " " + r.body());
        throw new AssertionError("completing task " + key + " answered " + r.statusCode() + ": " + r.body());
    }

    /** The initial consideration's form: in scope, harm test limb 1, no further action. */
    private static Map<String, Object> noFurtherAction() {
        Map<String, Object> v = new HashMap<>();
        v.put("withinScope", true);
        v.put("harmTestLimb1", true);
        v.put("harmTestLimb2", false);
        v.put("harmTestLimb3", false);
        v.put("harmTestLimb4", false);
        v.put("abuseCategory", "PHYSICAL");
        v.put("immediateSafeguardingConcern", false);
        v.put("significantHarmSuspected", false);
        v.put("route", "NFA");
        v.put("decisionMakerRole", "LADO");
        v.put("record.rationale", "Fault campaign: harm test limb 1 met, no further action.");
        return v;
    }

    // ------------------------------------------------------------------------------------------ HTTP and tokens

    /** The answer, or null when no instance answered (refused, reset, timed out): the caller tries again. */
    private HttpResponse<String> send(HttpRequest.Builder request, String tokenName) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 401) {
                tokens.remove(tokenName); // expired: a fresh one next time
            }
            return r;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private HttpRequest.Builder asUser(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + userToken("lado.north"));
    }

    private String userToken(String user) {
        return tokens.computeIfAbsent("user:" + user, u -> identity.authorizationCode(LocalIdentities.WEB_CLIENT,
                URI.create(LocalIdentities.WEB_REDIRECT), user, stack.secret("users/" + user)).accessToken());
    }

    private String clientToken(String client) {
        return tokens.computeIfAbsent("client:" + client, c -> identity.clientCredentials(client,
                stack.secret("clients/" + client)).accessToken());
    }

    private JsonNode read(String body) {
        try {
            return body == null || body.isBlank() ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            return json.nullNode();
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Runnable guarded(Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                if (!stopping) {
                    failures.add(t);
                }
            }
        };
    }

    @Override
    public void close() {
        stopping = true;
        threads.shutdownNow();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
