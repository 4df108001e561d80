package org.opensafeguarding.workflow.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1;
import io.camunda.client.api.response.DeploymentEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Deploys the process models and their forms ({@code bpmn/*.bpmn}, {@code bpmn/forms/*.form}, packaged into the jar
 * from the repository's {@code bpmn/} folder) once the service is up, in one deployment.
 *
 * <p>The engine keeps one version per distinct content: deploying unchanged files again creates no new version,
 * so every start of every instance of the service can deploy. Unlike the starter's {@code @Deployment}, which
 * fails start-up when the engine cannot be reached, this keeps trying in the background with back-off: the
 * service stays up (intake keeps taking referrals, health shows the engine DOWN) and deploys when the engine
 * comes. Starts wait in the engine-command table meanwhile.
 */
@Component
@EnableConfigurationProperties(DeploymentProperties.class)
public class ProcessModelDeployer {

    private static final Logger log = LoggerFactory.getLogger(ProcessModelDeployer.class);

    private final CamundaClient client;
    private final DeploymentProperties properties;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "process-model-deployer");
        t.setDaemon(true);
        return t;
    });
    private volatile DeploymentEvent deployed;
    private volatile int attempts;

    public ProcessModelDeployer(CamundaClient client, DeploymentProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void deployWhenReady() {
        if (properties.enabled()) {
            executor.execute(this::attempt);
        }
    }

    /** The deployment the engine acknowledged, once it has. */
    public Optional<DeploymentEvent> deployment() {
        return Optional.ofNullable(deployed);
    }

    /**
     * True once the models are deployed, or when this service does not deploy them. Until then an engine that knows
     * no such process may only be waiting for them, so the dispatcher does not count that against a start.
     */
    public boolean modelsInPlace() {
        return !properties.enabled() || deployed != null;
    }

    /** Deploys now, on the caller's thread. */
    public DeploymentEvent deploy() {
        List<Resource> resources = resources();
        if (resources.isEmpty()) {
            throw new IllegalStateException("no process models found at " + properties.resources()
                    + "; the jar is built without bpmn/ (services/workflow/pom.xml, <resources>)");
        }
        DeployResourceCommandStep1.DeployResourceCommandStep2 command = null;
        for (Resource resource : resources) {
            byte[] content;
            try (InputStream in = resource.getInputStream()) {
                content = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
            command = command == null
                    ? client.newDeployResourceCommand().addResourceBytes(content, resource.getFilename())
                    : command.addResourceBytes(content, resource.getFilename());
        }
        DeploymentEvent event = command.send().join();
        deployed = event;
        log.info("deployed {} form(s) and processes {}", event.getForm().size(), event.getProcesses().stream()
                .map(p -> p.getBpmnProcessId() + ":" + p.getVersion()).collect(Collectors.joining(", ")));
        return event;
    }

    /** Process id to deployed version, as the engine reported them. */
    public Map<String, Integer> versions() {
        Map<String, Integer> out = new LinkedHashMap<>();
        deployment().ifPresent(d -> d.getProcesses().forEach(p -> out.put(p.getBpmnProcessId(), p.getVersion())));
        return out;
    }

    private void attempt() {
        try {
            deploy();
        } catch (RuntimeException e) {
            attempts++;
            Duration wait = backOff(attempts);
            log.warn("could not deploy the process models (attempt {}), trying again in {}: {}", attempts, wait, e.toString());
            if (!executor.isShutdown()) {
                executor.schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    Duration backOff(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        Duration wait = properties.retryInitial().multipliedBy(factor);
        return wait.compareTo(properties.retryMax()) > 0 ? properties.retryMax() : wait;
    }

    private List<Resource> resources() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        Map<String, Resource> byName = new LinkedHashMap<>();
        for (String pattern : properties.resources()) {
            try {
                for (Resource r : resolver.getResources(pattern)) {
                    // the same file may be on the classpath twice (jar and exploded classes); deploy it once
                    byName.putIfAbsent(r.getFilename(), r);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + pattern, e);
            }
        }
        List<Resource> out = new ArrayList<>(byName.values());
        out.sort(Comparator.comparing(r -> r.getFilename() == null ? "" : r.getFilename()));
        return out;
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
