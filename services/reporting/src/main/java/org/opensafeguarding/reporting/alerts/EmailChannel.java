package org.opensafeguarding.reporting.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

import java.util.Iterator;
import java.util.Map;

/**
 * Plain-text email to the manager of the alert's tenant and team, through Spring's {@link JavaMailSender}
 * ({@code spring.mail.*}). The text is the alert's fields, one a line: codes, the case pseudonym, dates and counts.
 */
public class EmailChannel implements AlertChannel {

    private final AlertProperties.Email config;
    private final ObjectProvider<JavaMailSender> mail;
    private final ObjectMapper json;

    public EmailChannel(AlertProperties.Email config, ObjectProvider<JavaMailSender> mail, ObjectMapper json) {
        this.config = config;
        this.mail = mail;
        this.json = json;
    }

    @Override
    public String name() {
        return "EMAIL";
    }

    @Override
    public boolean configuredFor(String tenant, String team) {
        return address(tenant, team) != null;
    }

    private String address(String tenant, String team) {
        AlertProperties.Recipients r = config.tenants().get(tenant);
        String a = r == null ? null : r.forTeam(team);
        return a == null || a.isBlank() ? null : a;
    }

    @Override
    public void send(Alert alert) throws Exception {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("no mail sender: set spring.mail.host");
        }
        String to = address(alert.tenant(), alert.team());
        if (to == null) {
            throw new IllegalStateException("no manager address for tenant and team");
        }
        JsonNode p = json.readTree(alert.payload());
        SimpleMailMessage m = new SimpleMailMessage();
        if (config.from() != null && !config.from().isBlank()) {
            m.setFrom(config.from());
        }
        m.setTo(to);
        m.setSubject(subject(alert.kind(), p));
        m.setText(text(alert.kind(), p));
        sender.send(m);
    }

    static String subject(AlertKind kind, JsonNode p) {
        String about = switch (kind) {
            case DEADLINE_BREACHED -> p.path("timescale").asText() + " due " + p.path("dueOn").asText();
            case ESCALATION_UNANSWERED -> p.path("workingDaysOpen").asText() + " working days";
            case STAGE_P90_OVER_TARGET -> p.path("taskType").asText() + " p90 " + p.path("p90WorkingDays").asText()
                    + " > " + p.path("targetWorkingDays").asText();
        };
        return "[" + p.path("tenant").asText() + " " + p.path("team").asText() + "] " + kind.title() + ": " + about;
    }

    static String text(AlertKind kind, JsonNode p) {
        StringBuilder b = new StringBuilder(kind.title()).append("\n\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            b.append(f.getKey()).append(": ").append(f.getValue().asText()).append('\n');
        }
        b.append("\nOpen the case by its pseudonym in the workflow service; this message carries no personal data.\n");
        return b.toString();
    }
}
