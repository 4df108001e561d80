package org.opensafeguarding.engine.grpc;

import com.google.rpc.Code;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.BroadcastSignalRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.BroadcastSignalResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.BrokerInfo;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CancelProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CancelProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CompleteJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.JobResult;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.JobResultCorrections;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UserTaskProperties;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceWithResultRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.CreateProcessInstanceWithResultResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeleteResourceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeleteResourceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployProcessRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployProcessResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeployResourceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Deployment;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.EvaluateDecisionRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.EvaluateDecisionResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FormMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.MigrateProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.MigrateProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ModifyProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ModifyProcessInstanceResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Partition;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ProcessMetadata;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.PublishMessageResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ResolveIncidentRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ResolveIncidentResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.Resource;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.SetVariablesResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.StreamActivatedJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ThrowErrorResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.TopologyResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobRetriesResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.UpdateJobTimeoutResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.opensafeguarding.engine.config.ServerPorts;
import org.opensafeguarding.engine.processing.DeploymentResource;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.processing.JobActivation;
import org.opensafeguarding.engine.processing.UserTaskListeners;
import org.opensafeguarding.engine.state.FormRecord;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Zeebe gateway protocol (gateway.proto of Camunda 8.8) on top of {@link EngineCommands}: each RPC only
 * translates the request into the protocol-independent command and the result (or the {@link EngineException})
 * back into the protocol, so every rule is the same as over REST.
 *
 * <p>Results complete on the engine's processing thread; they are answered from {@code responses} so that
 * serialising variables and writing to the network never holds up the engine.
 */
final class GatewayService extends GatewayGrpc.GatewayImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);

    /** The Camunda version whose protocols the engine speaks (the REST topology reports the same). */
    static final String VERSION = "8.8.14";
    static final String DEFAULT_TENANT = "<default>";
    /** What Camunda's gateway waits for a create-with-result when the request names no timeout (as REST). */
    static final long DEFAULT_AWAIT_TIMEOUT = 20_000;
    /** A job stream activates at most this many jobs at once before handing them over. */
    static final int STREAM_BATCH = 8;
    /** A job stream's parked activation is renewed this often while nothing arrives. */
    static final long STREAM_POLL_MILLIS = 30_000;
    private static final String UNDELIVERED = "The job was activated for a gRPC call that ended before the job"
            + " could be handed over; it was given back";

    private final EngineCommands commands;
    private final JsonVariables json;
    private final ServerPorts ports;
    private final Executor responses;
    /** Closes the long-lived calls (waiting activations, job streams) when the server shuts down. */
    private final Set<Runnable> openCalls = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> openActivations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> openStreams = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pushedJobs = new ConcurrentHashMap<>();

    GatewayService(EngineCommands commands, JsonVariables json, ServerPorts ports, Executor responses) {
        this.commands = commands;
        this.json = json;
        this.ports = ports;
        this.responses = responses;
    }

    // ------------------------------------------------------------------ cluster

    @Override
    public void topology(TopologyRequest request, StreamObserver<TopologyResponse> observer) {
        answer(observer, () -> CompletableFuture.completedFuture(null), ignored -> TopologyResponse.newBuilder()
                .setClusterSize(1)
                .setPartitionsCount(1)
                .setReplicationFactor(1)
                .setGatewayVersion(VERSION)
                .addBrokers(BrokerInfo.newBuilder()
                        .setNodeId(0)
                        .setHost("localhost")
                        .setPort(ports.grpcPort())
                        .setVersion(VERSION)
                        .addPartitions(Partition.newBuilder()
                                .setPartitionId(1)
                                .setRole(Partition.PartitionBrokerRole.LEADER)
                                .setHealth(Partition.PartitionBrokerHealth.HEALTHY)))
                .build());
    }

    // ------------------------------------------------------------------ deployment

    @Override
    public void deployResource(DeployResourceRequest request, StreamObserver<DeployResourceResponse> observer) {
        answer(observer, () -> {
            List<DeploymentResource> resources = new ArrayList<>();
            for (Resource resource : request.getResourcesList()) {
                resources.add(new DeploymentResource(resource.getName(), resource.getContent().toByteArray()));
            }
            return commands.deploy(resources);
        }, outcome -> {
            DeployResourceResponse.Builder response = DeployResourceResponse.newBuilder()
                    .setKey(outcome.deploymentKey())
                    .setTenantId(DEFAULT_TENANT);
            for (ProcessDefinitionRecord process : outcome.processes()) {
                response.addDeployments(Deployment.newBuilder().setProcess(ProcessMetadata.newBuilder()
                        .setBpmnProcessId(text(process.bpmnProcessId))
                        .setVersion(process.version)
                        .setProcessDefinitionKey(process.key)
                        .setResourceName(text(process.resourceName))
                        .setTenantId(tenant(process.tenantId))));
            }
            for (FormRecord form : outcome.forms()) {
                response.addDeployments(Deployment.newBuilder().setForm(FormMetadata.newBuilder()
                        .setFormId(text(form.formId))
                        .setVersion(form.version)
                        .setFormKey(form.key)
                        .setResourceName(text(form.resourceName))
                        .setTenantId(tenant(form.tenantId))));
            }
            return response.build();
        });
    }

    // ------------------------------------------------------------------ process instances

    @Override
    public void createProcessInstance(CreateProcessInstanceRequest request,
                                      StreamObserver<CreateProcessInstanceResponse> observer) {
        answer(observer, () -> commands.createProcessInstance(toCreate(request, false, 0, List.of())),
                created -> CreateProcessInstanceResponse.newBuilder()
                        .setProcessInstanceKey(created.processInstanceKey())
                        .setProcessDefinitionKey(created.processDefinitionKey())
                        .setBpmnProcessId(text(created.bpmnProcessId()))
                        .setVersion(created.version())
                        .setTenantId(tenant(created.tenantId()))
                        .build());
    }

    @Override
    public void createProcessInstanceWithResult(CreateProcessInstanceWithResultRequest request,
                                                StreamObserver<CreateProcessInstanceWithResultResponse> observer) {
        long timeout = request.getRequestTimeout() <= 0 ? DEFAULT_AWAIT_TIMEOUT : request.getRequestTimeout();
        answer(observer, () -> commands.createProcessInstance(toCreate(request.getRequest(), true, timeout,
                                request.getFetchVariablesList()))
                        .orTimeout(timeout, TimeUnit.MILLISECONDS),
                done -> CreateProcessInstanceWithResultResponse.newBuilder()
                        .setProcessInstanceKey(done.processInstanceKey())
                        .setProcessDefinitionKey(done.processDefinitionKey())
                        .setBpmnProcessId(text(done.bpmnProcessId()))
                        .setVersion(done.version())
                        .setTenantId(tenant(done.tenantId()))
                        .setVariables(json.write(done.variables()))
                        .build());
    }

    private EngineCommands.CreateInstance toCreate(CreateProcessInstanceRequest request, boolean await,
                                                   long timeout, List<String> fetchVariables) {
        if (request.getStartInstructionsCount() > 0) {
            throw EngineException.invalid("startInstructions: starting at a chosen element is not supported yet");
        }
        if (request.getRuntimeInstructionsCount() > 0) {
            throw EngineException.invalid("runtimeInstructions: runtime instructions are not supported yet");
        }
        Long definitionKey = request.getProcessDefinitionKey() > 0 ? request.getProcessDefinitionKey() : null;
        String processId = request.getBpmnProcessId().isBlank() ? null : request.getBpmnProcessId();
        Integer version = definitionKey != null || processId == null ? null : request.getVersion();
        return new EngineCommands.CreateInstance(processId, version, definitionKey,
                json.read(request.getVariables(), "variables"), await, timeout,
                fetchVariables.isEmpty() ? null : List.copyOf(fetchVariables));
    }

    @Override
    public void cancelProcessInstance(CancelProcessInstanceRequest request,
                                      StreamObserver<CancelProcessInstanceResponse> observer) {
        answer(observer, () -> commands.cancelProcessInstance(request.getProcessInstanceKey()),
                done -> CancelProcessInstanceResponse.getDefaultInstance());
    }

    @Override
    public void setVariables(SetVariablesRequest request, StreamObserver<SetVariablesResponse> observer) {
        answer(observer, () -> commands.setVariables(request.getElementInstanceKey(),
                        json.readOrEmpty(request.getVariables(), "variables"), request.getLocal()),
                key -> SetVariablesResponse.newBuilder().setKey(key).build());
    }

    @Override
    public void resolveIncident(ResolveIncidentRequest request, StreamObserver<ResolveIncidentResponse> observer) {
        answer(observer, () -> commands.resolveIncident(request.getIncidentKey()),
                done -> ResolveIncidentResponse.getDefaultInstance());
    }

    // ------------------------------------------------------------------ messages

    @Override
    public void publishMessage(PublishMessageRequest request, StreamObserver<PublishMessageResponse> observer) {
        answer(observer, () -> commands.publishMessage(new EngineCommands.PublishMessage(request.getName(),
                        request.getCorrelationKey(), request.getTimeToLive(),
                        request.getMessageId().isEmpty() ? null : request.getMessageId(),
                        json.read(request.getVariables(), "variables"))),
                outcome -> PublishMessageResponse.newBuilder()
                        .setKey(outcome.messageKey())
                        .setTenantId(DEFAULT_TENANT)
                        .build());
    }

    // ------------------------------------------------------------------ jobs

    @Override
    public void activateJobs(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> observer) {
        ServerCallStreamObserver<ActivateJobsResponse> call =
                (ServerCallStreamObserver<ActivateJobsResponse>) observer;
        AtomicBoolean finished = new AtomicBoolean();
        Runnable closeOnShutdown = () -> {
            if (finished.compareAndSet(false, true)) {
                quietly(call::onCompleted);
            }
        };
        call.setOnCancelHandler(() -> {
            finished.set(true);
            openCalls.remove(closeOnShutdown);
        });
        JobActivation.Request activation = new JobActivation.Request(request.getType(), request.getWorker(),
                request.getTimeout(), request.getMaxJobsToActivate(), fetch(request.getFetchVariableList()),
                request.getRequestTimeout());
        AtomicInteger pending = counter(openActivations, request.getType());
        pending.incrementAndGet();
        openCalls.add(closeOnShutdown);
        if (call.isCancelled()) {
            finished.set(true);
            openCalls.remove(closeOnShutdown);
        }
        invoke(() -> commands.activateJobs(activation)).whenCompleteAsync((jobs, failure) -> {
            openCalls.remove(closeOnShutdown);
            pending.decrementAndGet();
            if (!finished.compareAndSet(false, true)) {
                giveBack(jobs);
                return;
            }
            if (failure != null) {
                quietly(() -> call.onError(GrpcErrors.toStatus(failure)));
                return;
            }
            try {
                if (!jobs.isEmpty()) {
                    ActivateJobsResponse.Builder response = ActivateJobsResponse.newBuilder();
                    jobs.forEach(job -> response.addJobs(toProto(job)));
                    call.onNext(response.build());
                }
                call.onCompleted();
            } catch (RuntimeException e) {
                LOG.debug("could not hand {} activated job(s) to the caller; giving them back", jobs.size(), e);
                giveBack(jobs);
            }
        }, responses);
    }

    @Override
    public void streamActivatedJobs(StreamActivatedJobsRequest request, StreamObserver<ActivatedJob> observer) {
        JobActivation.Request activation = new JobActivation.Request(request.getType(), request.getWorker(),
                request.getTimeout(), STREAM_BATCH, fetch(request.getFetchVariableList()), STREAM_POLL_MILLIS);
        new JobStream(activation, (ServerCallStreamObserver<ActivatedJob>) observer).open();
    }

    /**
     * One open StreamActivatedJobs call: a chain of long-polling activations, each renewed as soon as the previous
     * one handed its jobs over (or timed out empty), until the caller goes away or the server shuts down. It
     * stops pulling while the transport cannot take more, so a slow worker is not flooded.
     */
    private final class JobStream {

        private final JobActivation.Request activation;
        private final ServerCallStreamObserver<ActivatedJob> call;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final AtomicBoolean waitingForReady = new AtomicBoolean();
        private final Runnable closeOnShutdown;

        JobStream(JobActivation.Request activation, ServerCallStreamObserver<ActivatedJob> call) {
            this.activation = activation;
            this.call = call;
            this.closeOnShutdown = () -> finish(() -> call.onError(GrpcErrors.status(Code.UNAVAILABLE,
                    "the engine is shutting down")));
        }

        void open() {
            openCalls.add(closeOnShutdown);
            counter(openStreams, activation.type()).incrementAndGet();
            call.setOnCancelHandler(() -> finish(() -> { }));
            call.setOnReadyHandler(() -> {
                if (waitingForReady.compareAndSet(true, false)) {
                    pull();
                }
            });
            if (call.isCancelled()) {
                finish(() -> { });
                return;
            }
            pull();
        }

        private void pull() {
            if (finished.get()) {
                return;
            }
            // each renewal is a new long poll: its time runs from now, not from when the stream opened
            invoke(() -> commands.activateJobs(activation.renewed())).whenCompleteAsync((jobs, failure) -> {
                if (failure != null) {
                    finish(() -> call.onError(GrpcErrors.toStatus(failure)));
                    return;
                }
                if (!push(jobs)) {
                    return;
                }
                waitingForReady.set(true);
                if (call.isReady() && waitingForReady.compareAndSet(true, false)) {
                    pull();
                }
            }, responses);
        }

        /** Hands the jobs over, or gives them back when the stream has ended meanwhile; false once ended. */
        private synchronized boolean push(List<JobActivation.ActivatedJob> jobs) {
            if (finished.get()) {
                giveBack(jobs);
                return false;
            }
            int sent = 0;
            try {
                for (JobActivation.ActivatedJob job : jobs) {
                    call.onNext(toProto(job));
                    sent++;
                }
            } catch (RuntimeException e) {
                LOG.debug("job stream for '{}' ended while pushing; giving {} job(s) back", activation.type(),
                        jobs.size() - sent, e);
                giveBack(jobs.subList(sent, jobs.size()));
                finish(() -> { });
                return false;
            }
            counter(pushedJobs, activation.type()).addAndGet(sent);
            return true;
        }

        private void finish(Runnable last) {
            if (finished.compareAndSet(false, true)) {
                openCalls.remove(closeOnShutdown);
                counter(openStreams, activation.type()).decrementAndGet();
                synchronized (this) {
                    quietly(last);
                }
            }
        }
    }

    @Override
    public void completeJob(CompleteJobRequest request, StreamObserver<CompleteJobResponse> observer) {
        answer(observer, () -> {
            return commands.completeJob(request.getJobKey(), json.read(request.getVariables(), "variables"),
                    request.hasResult() ? result(request.getResult()) : null);
        }, done -> CompleteJobResponse.getDefaultInstance());
    }

    private static UserTaskListeners.Result result(JobResult result) {
        if (result.hasType() && !"userTask".equals(result.getType())) {
            throw EngineException.invalid("result.type: only 'userTask' results (task listeners) are supported, not '"
                    + result.getType() + "'");
        }
        UserTaskListeners.Corrections corrections = null;
        if (result.hasCorrections()) {
            JobResultCorrections c = result.getCorrections();
            corrections = new UserTaskListeners.Corrections(c.hasAssignee() ? c.getAssignee() : null,
                    c.hasDueDate() ? c.getDueDate() : null, c.hasFollowUpDate() ? c.getFollowUpDate() : null,
                    c.hasCandidateUsers() ? List.copyOf(c.getCandidateUsers().getValuesList()) : null,
                    c.hasCandidateGroups() ? List.copyOf(c.getCandidateGroups().getValuesList()) : null,
                    c.hasPriority() ? c.getPriority() : null);
        }
        return new UserTaskListeners.Result(result.getDenied(), result.hasDeniedReason() ? result.getDeniedReason()
                : null, corrections);
    }

    @Override
    public void failJob(FailJobRequest request, StreamObserver<FailJobResponse> observer) {
        answer(observer, () -> commands.failJob(request.getJobKey(), request.getRetries(),
                        request.getRetryBackOff(), request.getErrorMessage(),
                        json.read(request.getVariables(), "variables")),
                done -> FailJobResponse.getDefaultInstance());
    }

    @Override
    public void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> observer) {
        answer(observer, () -> commands.throwJobError(request.getJobKey(), request.getErrorCode(),
                        request.getErrorMessage(), json.read(request.getVariables(), "variables")),
                done -> ThrowErrorResponse.getDefaultInstance());
    }

    @Override
    public void updateJobRetries(UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> observer) {
        answer(observer, () -> commands.updateJob(request.getJobKey(), request.getRetries(), null),
                done -> UpdateJobRetriesResponse.getDefaultInstance());
    }

    @Override
    public void updateJobTimeout(UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> observer) {
        answer(observer, () -> commands.updateJob(request.getJobKey(), null, request.getTimeout()),
                done -> UpdateJobTimeoutResponse.getDefaultInstance());
    }

    private ActivatedJob toProto(JobActivation.ActivatedJob job) {
        ActivatedJob.Builder builder = ActivatedJob.newBuilder()
                .setKey(job.key())
                .setType(text(job.type()))
                .setProcessInstanceKey(job.processInstanceKey())
                .setBpmnProcessId(text(job.bpmnProcessId()))
                .setProcessDefinitionVersion(job.processDefinitionVersion())
                .setProcessDefinitionKey(job.processDefinitionKey())
                .setElementId(text(job.elementId()))
                .setElementInstanceKey(job.elementInstanceKey())
                .setCustomHeaders(json.write(job.customHeaders()))
                .setWorker(text(job.worker()))
                .setRetries(job.retries())
                .setDeadline(job.deadline())
                .setVariables(json.write(job.variables()))
                .setTenantId(tenant(job.tenantId()))
                .setKind(ActivatedJob.JobKind.valueOf(job.kind()))
                .setListenerEventType(ActivatedJob.ListenerEventType.valueOf(job.listenerEventType()));
        if (job.userTask() != null) {
            builder.setUserTask(userTask(job.userTask()));
        }
        return builder.build();
    }

    private static UserTaskProperties userTask(JobActivation.UserTaskProperties task) {
        UserTaskProperties.Builder builder = UserTaskProperties.newBuilder()
                .setAction(text(task.action()))
                .addAllCandidateGroups(task.candidateGroups())
                .addAllCandidateUsers(task.candidateUsers())
                .addAllChangedAttributes(task.changedAttributes())
                .setPriority(task.priority())
                .setUserTaskKey(task.userTaskKey());
        if (task.assignee() != null) {
            builder.setAssignee(task.assignee());
        }
        if (task.dueDate() != null) {
            builder.setDueDate(task.dueDate());
        }
        if (task.followUpDate() != null) {
            builder.setFollowUpDate(task.followUpDate());
        }
        if (task.formKey() != null) {
            builder.setFormKey(task.formKey());
        }
        return builder.build();
    }

    /**
     * Jobs activated for a call that is gone would otherwise stay locked until their timeout; like Camunda's
     * gateway, hand them straight back (same retries, no back-off) so another worker gets them.
     */
    private void giveBack(List<JobActivation.ActivatedJob> jobs) {
        if (jobs == null) {
            return;
        }
        for (JobActivation.ActivatedJob job : jobs) {
            invoke(() -> commands.failJob(job.key(), job.retries(), 0, UNDELIVERED, null))
                    .whenComplete((done, failure) -> {
                        if (failure != null) {
                            LOG.warn("could not give back job {} after its gRPC call ended: {}", job.key(),
                                    failure.getMessage());
                        }
                    });
        }
    }

    // ------------------------------------------------------------------ not implemented

    @Override
    public void evaluateDecision(EvaluateDecisionRequest request, StreamObserver<EvaluateDecisionResponse> observer) {
        observer.onError(GrpcErrors.unimplemented("EvaluateDecision"));
    }

    @Override
    public void deployProcess(DeployProcessRequest request, StreamObserver<DeployProcessResponse> observer) {
        observer.onError(GrpcErrors.unimplemented("DeployProcess (deprecated since 8.0; use DeployResource)"));
    }

    @Override
    public void modifyProcessInstance(ModifyProcessInstanceRequest request,
                                      StreamObserver<ModifyProcessInstanceResponse> observer) {
        observer.onError(GrpcErrors.unimplemented("ModifyProcessInstance"));
    }

    @Override
    public void migrateProcessInstance(MigrateProcessInstanceRequest request,
                                       StreamObserver<MigrateProcessInstanceResponse> observer) {
        observer.onError(GrpcErrors.unimplemented("MigrateProcessInstance"));
    }

    @Override
    public void deleteResource(DeleteResourceRequest request, StreamObserver<DeleteResourceResponse> observer) {
        observer.onError(GrpcErrors.unimplemented("DeleteResource"));
    }

    @Override
    public void broadcastSignal(BroadcastSignalRequest request, StreamObserver<BroadcastSignalResponse> observer) {
        observer.onError(GrpcErrors.unimplemented("BroadcastSignal"));
    }

    // ------------------------------------------------------------------ plumbing

    /** Ends every waiting activation (empty) and every job stream (UNAVAILABLE): the server is going away. */
    void closeOpenCalls() {
        for (Runnable close : List.copyOf(openCalls)) {
            openCalls.remove(close);
            quietly(close);
        }
    }

    /** ActivateJobs calls of the type the engine has not answered yet (waiting, or being answered). */
    int openActivations(String type) {
        return counter(openActivations, type).get();
    }

    int openStreams(String type) {
        return counter(openStreams, type).get();
    }

    int pushedJobs(String type) {
        return counter(pushedJobs, type).get();
    }

    private <T, R> void answer(StreamObserver<R> observer, Supplier<CompletableFuture<T>> command,
                               Function<T, R> toResponse) {
        invoke(command).whenCompleteAsync((result, failure) -> {
            if (failure != null) {
                quietly(() -> observer.onError(GrpcErrors.toStatus(failure)));
                return;
            }
            R response;
            try {
                response = toResponse.apply(result);
            } catch (RuntimeException e) {
                quietly(() -> observer.onError(GrpcErrors.toStatus(e)));
                return;
            }
            quietly(() -> {
                observer.onNext(response);
                observer.onCompleted();
            });
        }, responses);
    }

    /** A command that rejects its input synchronously becomes a failed future like any other rejection. */
    private static <T> CompletableFuture<T> invoke(Supplier<CompletableFuture<T>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // the call was cancelled or closed meanwhile; nobody is left to tell
            LOG.debug("gRPC call already closed", e);
        }
    }

    private static List<String> fetch(List<String> variables) {
        return variables.isEmpty() ? null : List.copyOf(variables);
    }

    private static AtomicInteger counter(Map<String, AtomicInteger> counters, String type) {
        return counters.computeIfAbsent(type == null ? "" : type, t -> new AtomicInteger());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String tenant(String value) {
        return value == null || value.isEmpty() ? DEFAULT_TENANT : value;
    }
}
