package org.opensafeguarding.engine.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.opensafeguarding.engine.config.EngineProperties;
import org.opensafeguarding.engine.config.ServerPorts;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The engine's Zeebe gateway API: a plaintext gRPC (Netty) server on {@link ServerPorts#grpcPort()} at
 * {@code engine.bind-address}, behind {@link GrpcAuthentication} unless security is off, started and stopped with
 * the Spring context, in the same lifecycle phase as the REST server, so it accepts calls only while
 * the command processor runs.
 */
@Component
public class GrpcServer implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(GrpcServer.class);

    /** Camunda's gateway default for {@code maxMessageSize}. */
    static final int MAX_INBOUND_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** How long a graceful stop waits for calls in flight before cancelling them. */
    static final long GRACE_MILLIS = 10_000;

    private final EngineCommands commands;
    private final ObjectMapper objectMapper;
    private final ServerPorts ports;
    private final String bindAddress;
    /** Null when security is off (engine.security.enabled=false). */
    private final GrpcAuthentication authentication;

    private volatile Server server;
    private volatile GatewayService gateway;
    private ExecutorService executor;

    public GrpcServer(EngineCommands commands, ObjectMapper objectMapper, ServerPorts ports,
                      EngineProperties properties, ObjectProvider<GrpcAuthentication> authentication) {
        this.commands = commands;
        this.objectMapper = objectMapper;
        this.ports = ports;
        this.bindAddress = properties.getBindAddress();
        this.authentication = authentication.getIfAvailable();
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        executor = Executors.newCachedThreadPool(daemonThreads());
        ExecutorService pool = executor;
        // Results complete on the engine's processing thread; once this server has stopped, the pool rejects
        // work, and the last completions (activations given back, answers nobody reads) run where they complete
        // instead of throwing into the engine.
        Executor responses = task -> {
            try {
                pool.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
        gateway = new GatewayService(commands, new JsonVariables(objectMapper), ports, responses);
        int port = ports.grpcPort();
        Server built = NettyServerBuilder.forAddress(bindAddress == null || bindAddress.isBlank()
                        ? new InetSocketAddress(port) : new InetSocketAddress(bindAddress.trim(), port))
                .executor(executor)
                .addService(authentication == null ? gateway.bindService()
                        : ServerInterceptors.intercept(gateway, authentication))
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                // the official clients ping every 45 s by default; Camunda's gateway permits 30 s
                .permitKeepAliveTime(30, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build();
        try {
            built.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("could not start the gRPC gateway on port " + port, e);
        }
        server = built;
        LOG.info("gRPC gateway listening on {}:{}{}", bindAddress, built.getPort(),
                authentication == null ? " without authentication" : ", bearer tokens required");
    }

    @Override
    public synchronized void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        running.shutdown();
        gateway.closeOpenCalls();
        try {
            if (!running.awaitTermination(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("gRPC calls still running after {} ms; cancelling them", GRACE_MILLIS);
                running.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.shutdownNow();
        }
        executor.shutdown();
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** With the web servers: after the command processor has started, and stopped before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    /** The port actually bound, or -1 when not running. */
    public int port() {
        Server running = server;
        return running == null ? -1 : running.getPort();
    }

    int openActivations(String jobType) {
        return gateway.openActivations(jobType);
    }

    int openStreams(String jobType) {
        return gateway.openStreams(jobType);
    }

    int pushedJobs(String jobType) {
        return gateway.pushedJobs(jobType);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "engine-grpc-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
