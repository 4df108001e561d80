package org.opensafeguarding.workflow.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The integrations allowed to send referrals, by OAuth client id: {@code
 * safeguarding.security.integrations.<client-id>.tenants} and {@code .sources} (docs/security.md, "Integrations").
 * A source is a CloudEvent {@code source} matched exactly, or a prefix when it ends in {@code *}.
 */
@ConfigurationProperties("safeguarding.security")
public record IntegrationProperties(Map<String, Integration> integrations) {

    public IntegrationProperties {
        integrations = integrations == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(integrations));
    }

    /** @param tenants the partnerships it may send for; @param sources the CloudEvent sources it sends as */
    public record Integration(List<String> tenants, List<String> sources) {

        public Integration {
            tenants = tenants == null ? List.of() : List.copyOf(tenants);
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }
}
