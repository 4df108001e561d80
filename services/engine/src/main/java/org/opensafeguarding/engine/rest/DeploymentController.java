package org.opensafeguarding.engine.rest;

import io.camunda.client.protocol.rest.DeploymentFormResult;
import io.camunda.client.protocol.rest.DeploymentMetadataResult;
import io.camunda.client.protocol.rest.DeploymentProcessResult;
import io.camunda.client.protocol.rest.DeploymentResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.opensafeguarding.engine.processing.DeploymentResource;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.state.FormRecord;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
class DeploymentController {

    private final EngineCommands commands;

    DeploymentController(EngineCommands commands) {
        this.commands = commands;
    }

    @PostMapping(path = "/v2/deployments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    CompletableFuture<DeploymentResult> deploy(
            @RequestPart(name = "resources", required = false) List<MultipartFile> resources,
            @RequestPart(name = "tenantId", required = false) String tenantId) {
        if (resources == null || resources.isEmpty()) {
            throw EngineException.invalid("resources: expected at least one multipart part named 'resources'");
        }
        List<DeploymentResource> files = new ArrayList<>();
        for (MultipartFile file : resources) {
            try {
                files.add(new DeploymentResource(file.getOriginalFilename(), file.getBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return commands.deploy(files).thenApply(outcome -> {
            List<DeploymentMetadataResult> deployed = new ArrayList<>();
            for (ProcessDefinitionRecord process : outcome.processes()) {
                deployed.add(new DeploymentMetadataResult().processDefinition(new DeploymentProcessResult()
                        .processDefinitionId(process.bpmnProcessId)
                        .processDefinitionVersion(process.version)
                        .processDefinitionKey(String.valueOf(process.key))
                        .resourceName(process.resourceName)
                        .tenantId(process.tenantId)));
            }
            for (FormRecord form : outcome.forms()) {
                deployed.add(new DeploymentMetadataResult().form(new DeploymentFormResult()
                        .formId(form.formId)
                        .version(form.version)
                        .formKey(String.valueOf(form.key))
                        .resourceName(form.resourceName)
                        .tenantId(form.tenantId)));
            }
            return new DeploymentResult()
                    .deploymentKey(String.valueOf(outcome.deploymentKey()))
                    .tenantId("<default>")
                    .deployments(deployed);
        });
    }
}
