package org.opensafeguarding.workflow.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * {@code safeguarding.tenancy.defaults.*} apply to every tenant; {@code safeguarding.tenancy.tenants.<tenant>.*}
 * override them for one partnership. The fields are those of {@link TenantSettings}; docs/workers.md lists them
 * with their built-in defaults.
 */
@ConfigurationProperties("safeguarding.tenancy")
public record TenancyProperties(TenantSettings defaults, Map<String, TenantSettings> tenants) {

    public TenancyProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }
}
