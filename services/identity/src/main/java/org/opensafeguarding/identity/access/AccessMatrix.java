package org.opensafeguarding.identity.access;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call which endpoint, read from {@code access-matrix.yml}: the same file docs/security.md describes and the
 * role x endpoint tests check. An operation without a rule is closed to everyone, so a new endpoint cannot be
 * reached until someone decides who may reach it.
 */
public final class AccessMatrix {

    private static final String RESOURCE = "access-matrix.yml";

    private final Map<String, ServiceRules> services;
    private final Map<Role, Set<String>> caseTypes;

    private AccessMatrix(Map<String, ServiceRules> services, Map<Role, Set<String>> caseTypes) {
        this.services = services;
        this.caseTypes = caseTypes;
    }

    /** The bundled matrix. */
    public static AccessMatrix load() {
        try (InputStream in = AccessMatrix.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static AccessMatrix parse(InputStream in) {
        LoaderOptions options = new LoaderOptions();
        // the file names its role sets once and refers to them (YAML aliases) from every rule
        options.setMaxAliasesForCollections(1000);
        Map<String, Object> root = new Yaml(new SafeConstructor(options)).load(in);
        Map<Role, Set<String>> caseTypes = new LinkedHashMap<>();
        ((Map<String, List<String>>) root.getOrDefault("caseTypes", Map.of())).forEach((role, types) ->
                caseTypes.put(role(role, "caseTypes"), Set.copyOf(types)));
        Map<String, ServiceRules> services = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) root.get("services")).forEach((name, body) -> {
            List<Operation> open = ((List<String>) body.getOrDefault("public", List.of())).stream()
                    .map(Operation::parse).toList();
            List<Rule> rules = new ArrayList<>();
            ((Map<String, List<String>>) body.getOrDefault("rules", Map.of())).forEach((operation, roles) -> {
                Set<Role> allowed = EnumSet.noneOf(Role.class);
                roles.forEach(r -> allowed.add(role(r, name + " " + operation)));
                rules.add(new Rule(Operation.parse(operation), Set.copyOf(allowed)));
            });
            services.put(name, new ServiceRules(name, open, List.copyOf(rules)));
        });
        return new AccessMatrix(Map.copyOf(services), Map.copyOf(caseTypes));
    }

    private static Role role(String code, String where) {
        return Role.fromCode(code).orElseThrow(() ->
                new IllegalStateException(RESOURCE + ": unknown role '" + code + "' in " + where));
    }

    public ServiceRules service(String name) {
        ServiceRules rules = services.get(name);
        if (rules == null) {
            throw new IllegalStateException(RESOURCE + " has no section for service '" + name + "'");
        }
        return rules;
    }

    /** The case types (need-to-know) the roles work on; a role with none sees no case data. */
    public Set<String> caseTypesFor(Collection<Role> roles) {
        Set<String> types = new java.util.TreeSet<>();
        roles.forEach(r -> types.addAll(caseTypes.getOrDefault(r, Set.of())));
        return types;
    }

    /** One operation: an HTTP method and a path template, or {@code GRPC} and a gateway method name. */
    public record Operation(String method, String path, PathPattern pattern) {
        static Operation parse(String text) {
            String[] parts = text.trim().split("\\s+");
            if (parts.length != 2) {
                throw new IllegalStateException(RESOURCE + ": operation '" + text + "' is not 'METHOD /path'");
            }
            String method = parts[0].toUpperCase(Locale.ROOT);
            PathPattern pattern = method.equals("GRPC") ? null : PathPatternParser.defaultInstance.parse(parts[1]);
            return new Operation(method, parts[1], pattern);
        }

        boolean matches(String requestMethod, String requestPath) {
            if (!method.equals(requestMethod.toUpperCase(Locale.ROOT))) {
                return false;
            }
            return pattern == null ? path.equals(requestPath) : pattern.matches(PathContainer.parsePath(requestPath));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public record Rule(Operation operation, Set<Role> roles) {
    }

    /** The rules of one service. */
    public record ServiceRules(String name, List<Operation> publicOperations, List<Rule> rules) {

        public boolean isPublic(String method, String path) {
            return publicOperations.stream().anyMatch(o -> o.matches(method, path));
        }

        /** The rule for a request, or empty when there is none (nobody may call it). */
        public Optional<Rule> ruleFor(String method, String path) {
            // a literal segment beats a template ({key} would also match "search"), as Spring MVC routes them
            return rules.stream().filter(r -> r.operation().matches(method, path))
                    .min(java.util.Comparator.comparing(r -> r.operation().pattern(),
                            java.util.Comparator.nullsFirst(PathPattern.SPECIFICITY_COMPARATOR)));
        }

        public boolean allows(Identity identity, String method, String path) {
            return ruleFor(method, path).map(rule -> identity.hasAny(rule.roles())).orElse(false);
        }

        public boolean allows(Set<Role> roles, String method, String path) {
            return ruleFor(method, path).map(rule -> rule.roles().stream().anyMatch(roles::contains)).orElse(false);
        }
    }
}
