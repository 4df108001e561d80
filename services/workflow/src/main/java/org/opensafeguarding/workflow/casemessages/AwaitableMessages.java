package org.opensafeguarding.workflow.casemessages;

import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which of the case-keyed messages (the allow-list of {@link CaseMessageCatalogue}) a case's process waits for now,
 * as the case page offers them: a label for the button and the fields of its little form, the same fields
 * {@code POST /api/cases/{caseId}/messages/{messageName}} checks.
 */
@Component
public class AwaitableMessages {

    /**
     * @param type    {@code date} (YYYY-MM-DD, not in the future), {@code select} (one of {@code options}) or
     *                {@code checkbox}
     * @param options the codes of a select, empty otherwise
     */
    public record FormField(String key, String label, String type, boolean required, List<String> options) {
    }

    public record Awaitable(String messageName, String label, List<FormField> formFields) {
    }

    /**
     * @param subscribed the message names the case's process instance is subscribed to now (the engine's open
     *                   message subscriptions)
     * @return the messages of the case's type among them that the caller's groups may send, in catalogue order
     */
    public List<Awaitable> among(CaseType caseType, Set<String> subscribed, Caller caller) {
        List<Awaitable> out = new ArrayList<>();
        for (CaseMessageDefinition message : CaseMessageCatalogue.MESSAGES) {
            if (message.caseType() == caseType && subscribed.contains(message.messageName())
                    && caller.memberOfAny(message.senderGroups())) {
                out.add(new Awaitable(message.messageName(), message.label(),
                        message.fields().stream().map(AwaitableMessages::formField).toList()));
            }
        }
        return out;
    }

    /** The message's label ("Post-mortem report received"), or its name when it is not in the allow-list. */
    public String label(String messageName) {
        return CaseMessageCatalogue.find(messageName).map(CaseMessageDefinition::label).orElse(messageName);
    }

    private static FormField formField(MessageField field) {
        String type = switch (field.kind()) {
            case DATE -> "date";
            case CODE -> "select";
            case BOOLEAN -> "checkbox";
        };
        return new FormField(field.name(), words(field.name()), type, field.required(), field.codes());
    }

    /** "receivedOn" as "Received on". */
    static String words(String name) {
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
