package org.opensafeguarding.engine.rest;

import io.camunda.client.protocol.rest.MessageCorrelationRequest;
import io.camunda.client.protocol.rest.MessageCorrelationResult;
import io.camunda.client.protocol.rest.MessagePublicationRequest;
import io.camunda.client.protocol.rest.MessagePublicationResult;
import java.util.concurrent.CompletableFuture;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MessageController {

    private final EngineCommands commands;

    MessageController(EngineCommands commands) {
        this.commands = commands;
    }

    @PostMapping("/v2/messages/publication")
    CompletableFuture<MessagePublicationResult> publish(@RequestBody MessagePublicationRequest body) {
        EngineCommands.PublishMessage request = new EngineCommands.PublishMessage(body.getName(),
                body.getCorrelationKey(), body.getTimeToLive() == null ? 0 : body.getTimeToLive(),
                body.getMessageId(), body.getVariables());
        return commands.publishMessage(request).thenApply(outcome -> new MessagePublicationResult()
                .messageKey(String.valueOf(outcome.messageKey()))
                .tenantId("<default>"));
    }

    @PostMapping("/v2/messages/correlation")
    CompletableFuture<MessageCorrelationResult> correlate(@RequestBody MessageCorrelationRequest body) {
        EngineCommands.PublishMessage request = new EngineCommands.PublishMessage(body.getName(),
                body.getCorrelationKey(), 0, null, body.getVariables());
        return commands.correlateMessage(request).thenApply(outcome -> new MessageCorrelationResult()
                .messageKey(String.valueOf(outcome.messageKey()))
                .processInstanceKey(String.valueOf(outcome.processInstanceKey()))
                .tenantId("<default>"));
    }
}
