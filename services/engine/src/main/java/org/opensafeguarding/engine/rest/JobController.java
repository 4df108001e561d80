package org.opensafeguarding.engine.rest;

import io.camunda.client.protocol.rest.ActivatedJobResult;
import io.camunda.client.protocol.rest.JobActivationRequest;
import io.camunda.client.protocol.rest.JobActivationResult;
import io.camunda.client.protocol.rest.JobCompletionRequest;
import io.camunda.client.protocol.rest.JobErrorRequest;
import io.camunda.client.protocol.rest.JobFailRequest;
import io.camunda.client.protocol.rest.JobKindEnum;
import io.camunda.client.protocol.rest.JobListenerEventTypeEnum;
import io.camunda.client.protocol.rest.JobResult;
import io.camunda.client.protocol.rest.JobResultCorrections;
import io.camunda.client.protocol.rest.JobResultUserTask;
import io.camunda.client.protocol.rest.UserTaskProperties;
import io.camunda.client.protocol.rest.JobUpdateRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.processing.JobActivation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.opensafeguarding.engine.processing.UserTaskListeners;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JobController {

    private static final Logger LOG = LoggerFactory.getLogger(JobController.class);
    private static final String UNDELIVERED = "The job was activated for a REST call whose caller went away before "
            + "the job could be handed over";

    private final EngineCommands commands;

    JobController(EngineCommands commands) {
        this.commands = commands;
    }

    @PostMapping("/v2/jobs/activation")
    CompletableFuture<FutureAnswers.Handover<JobActivationResult>> activate(@RequestBody JobActivationRequest body) {
        if (body.getTimeout() == null) {
            throw EngineException.invalid("timeout: expected the job timeout in milliseconds");
        }
        JobActivation.Request request = new JobActivation.Request(body.getType(),
                body.getWorker() == null ? "" : body.getWorker(), body.getTimeout(),
                body.getMaxJobsToActivate() == null ? 0 : body.getMaxJobsToActivate(),
                body.getFetchVariable(), body.getRequestTimeout() == null ? 0 : body.getRequestTimeout());
        return commands.activateJobs(request).thenApply(jobs -> new FutureAnswers.Handover<>(
                new JobActivationResult().jobs(jobs.stream().map(JobController::toResult).toList()),
                () -> giveBack(jobs)));
    }

    /**
     * The caller of a long poll went away (or the poll timed out) before its jobs could be written: the jobs are
     * given back, as the gRPC gateway does, instead of staying ACTIVATED for a connection that is gone until their
     * timeout.
     */
    private void giveBack(List<JobActivation.ActivatedJob> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        LOG.debug("could not hand {} activated job(s) to the caller; giving them back", jobs.size());
        for (JobActivation.ActivatedJob job : jobs) {
            commands.failJob(job.key(), job.retries(), 0, UNDELIVERED, null).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.warn("could not give back job {} after its caller went away: {}", job.key(),
                            failure.getMessage());
                }
            });
        }
    }

    private static ActivatedJobResult toResult(JobActivation.ActivatedJob job) {
        return new ActivatedJobResult()
                .jobKey(String.valueOf(job.key()))
                .type(job.type())
                .processDefinitionId(job.bpmnProcessId())
                .processDefinitionVersion(job.processDefinitionVersion())
                .processDefinitionKey(String.valueOf(job.processDefinitionKey()))
                .processInstanceKey(String.valueOf(job.processInstanceKey()))
                .elementInstanceKey(String.valueOf(job.elementInstanceKey()))
                .elementId(job.elementId())
                .customHeaders(new LinkedHashMap<>(job.customHeaders()))
                .worker(job.worker())
                .retries(job.retries())
                .deadline(job.deadline())
                .variables(job.variables())
                .tenantId(job.tenantId())
                .kind(JobKindEnum.fromValue(job.kind()))
                .listenerEventType(JobListenerEventTypeEnum.fromValue(job.listenerEventType()))
                .userTask(job.userTask() == null ? null : userTask(job.userTask()));
    }

    private static UserTaskProperties userTask(JobActivation.UserTaskProperties task) {
        return new UserTaskProperties()
                .action(task.action())
                .assignee(task.assignee())
                .candidateGroups(task.candidateGroups())
                .candidateUsers(task.candidateUsers())
                .changedAttributes(task.changedAttributes())
                .dueDate(task.dueDate())
                .followUpDate(task.followUpDate())
                .formKey(task.formKey() == null ? null : String.valueOf(task.formKey()))
                .priority(task.priority())
                .userTaskKey(String.valueOf(task.userTaskKey()));
    }

    @PostMapping("/v2/jobs/{key}/completion")
    CompletableFuture<ResponseEntity<Void>> complete(@PathVariable String key,
                                                     @RequestBody(required = false) JobCompletionRequest body) {
        return commands.completeJob(Keys.parse(key, "jobKey"), body == null ? null : body.getVariables(),
                        body == null ? null : result(body.getResult()))
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    private static UserTaskListeners.Result result(JobResult result) {
        if (result == null) {
            return null;
        }
        if (!(result instanceof JobResultUserTask task)) {
            throw EngineException.invalid("result.type: only 'userTask' results (task listeners) are supported, "
                    + "not ad-hoc subprocess results");
        }
        JobResultCorrections c = task.getCorrections();
        return new UserTaskListeners.Result(Boolean.TRUE.equals(task.getDenied()), task.getDeniedReason(),
                c == null ? null : new UserTaskListeners.Corrections(c.getAssignee(), c.getDueDate(),
                        c.getFollowUpDate(), c.getCandidateUsers(), c.getCandidateGroups(), c.getPriority()));
    }

    @PostMapping("/v2/jobs/{key}/failure")
    CompletableFuture<ResponseEntity<Void>> fail(@PathVariable String key,
                                                 @RequestBody(required = false) JobFailRequest body) {
        JobFailRequest request = body == null ? new JobFailRequest() : body;
        return commands.failJob(Keys.parse(key, "jobKey"), request.getRetries() == null ? 0 : request.getRetries(),
                        request.getRetryBackOff() == null ? 0 : request.getRetryBackOff(), request.getErrorMessage(),
                        request.getVariables())
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    @PostMapping("/v2/jobs/{key}/error")
    CompletableFuture<ResponseEntity<Void>> error(@PathVariable String key, @RequestBody JobErrorRequest body) {
        return commands.throwJobError(Keys.parse(key, "jobKey"), body.getErrorCode(), body.getErrorMessage(),
                        body.getVariables())
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    @PatchMapping("/v2/jobs/{key}")
    CompletableFuture<ResponseEntity<Void>> update(@PathVariable String key, @RequestBody JobUpdateRequest body) {
        if (body.getChangeset() == null) {
            throw EngineException.invalid("changeset: expected retries and/or timeout");
        }
        return commands.updateJob(Keys.parse(key, "jobKey"), body.getChangeset().getRetries(),
                        body.getChangeset().getTimeout())
                .thenApply(done -> ResponseEntity.noContent().build());
    }

}
