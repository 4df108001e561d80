package org.opensafeguarding.local;

import org.opensafeguarding.identity.provider.DirectoryClient;
import org.opensafeguarding.identity.provider.DirectoryUser;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo directory of the local stack (docs/security.md): a user for every role in each of two demo partnerships,
 * the workflow service's client to the engine, one integration client per kind of referrer, and the public clients
 * people sign in through. Passwords and secrets are made per data folder ({@link LocalSecrets}), never committed.
 */
final class LocalIdentities {

    static final List<String> TENANTS = List.of("demo-north", "demo-south");
    static final String WORKFLOW_CLIENT = "workflow-service";
    static final String CLI_CLIENT = "safeguarding-cli";
    /** The web app's browser client (services/web); its sign-in returns to the web app's port. */
    static final String WEB_CLIENT = "safeguarding-web";

    /** A demo person: role, the candidate groups that role's team has, in one partnership. */
    private record Person(String name, String role, Set<String> groups) {
    }

    private static final List<Person> PEOPLE = List.of(
            new Person("lado", "LADO_OFFICER", Set.of("lado")),
            new Person("lado-manager", "LADO_MANAGER", Set.of("lado", "lado-manager")),
            new Person("cdop", "CDOP_COORDINATOR", Set.of("cdop-coordinator")),
            new Person("cdop-panel", "CDOP_PANEL_MEMBER", Set.of("cdop-chair")),
            new Person("review", "REVIEW_OFFICER", Set.of("review-business-unit")),
            new Person("review-panel", "REVIEW_PANEL_MEMBER", Set.of("review-subgroup", "review-chair",
                    "safeguarding-partners")),
            new Person("manager", "PARTNERSHIP_MANAGER", Set.of()),
            new Person("auditor", "AUDITOR", Set.of()));

    /** An integration: the CloudEvent source it publishes as, for one partnership. */
    record Integration(String clientId, String tenant, String source, String secret) {
    }

    private final List<DirectoryUser> users = new ArrayList<>();
    private final List<DirectoryClient> clients = new ArrayList<>();
    private final List<Integration> integrations = new ArrayList<>();
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final String workflowSecret;
    private final String operatorSecret;

    private LocalIdentities(Path data) throws IOException {
        for (String tenant : TENANTS) {
            String area = tenant.substring("demo-".length());
            for (Person p : PEOPLE) {
                String username = p.name() + "." + area;
                String password = LocalSecrets.secret(data, "users/" + username, 12);
                passwords.put(username, password);
                users.add(new DirectoryUser(username, password, "Demo " + p.name() + " (" + area + ")",
                        Set.of(p.role()), p.groups(), Set.of(tenant)));
            }
        }
        String operatorPassword = LocalSecrets.secret(data, "users/operator", 12);
        passwords.put("operator", operatorPassword);
        users.add(new DirectoryUser("operator", operatorPassword, "Demo engine operator", Set.of("ENGINE_OPERATOR"),
                Set.of(), Set.copyOf(TENANTS)));

        workflowSecret = LocalSecrets.secret(data, "clients/" + WORKFLOW_CLIENT, 32);
        clients.add(DirectoryClient.machine(WORKFLOW_CLIENT, workflowSecret, Set.of("WORKFLOW_SERVICE"),
                Set.copyOf(TENANTS)));
        operatorSecret = LocalSecrets.secret(data, "clients/engine-operator", 32);
        clients.add(DirectoryClient.machine("engine-operator", operatorSecret, Set.of("ENGINE_OPERATOR"),
                Set.copyOf(TENANTS)));
        // a metrics scraper (docs/operations.md, "Metrics and health"): its secret is in <data>/secrets/clients/prometheus
        clients.add(DirectoryClient.machine("prometheus", LocalSecrets.secret(data, "clients/prometheus", 32),
                Set.of("MONITORING"), Set.of()));
        for (String[] kind : new String[][]{{"mash", "demo-north", "urn:demo-north:mash"},
                {"hospital", "demo-north", "urn:demo-north:hospital"},
                {"police", "demo-south", "urn:demo-south:police"},
                {"school-portal", "demo-south", "urn:demo-south:school-portal"}}) {
            String clientId = kind[0] + "-" + kind[1].substring("demo-".length());
            String secret = LocalSecrets.secret(data, "clients/" + clientId, 32);
            integrations.add(new Integration(clientId, kind[1], kind[2], secret));
            clients.add(DirectoryClient.machine(clientId, secret, Set.of("INTEGRATION"), Set.of(kind[1])));
        }
        clients.add(DirectoryClient.cli(CLI_CLIENT));
        // any port matches a loopback redirect, so the web app may move with --web-port
        clients.add(DirectoryClient.browser(WEB_CLIENT, Set.of(WEB_REDIRECT)));
    }

    static final String WEB_REDIRECT = "http://127.0.0.1:8083/login/oauth2/code/safeguarding";

    static LocalIdentities forDataFolder(Path data) throws IOException {
        return new LocalIdentities(data);
    }

    List<DirectoryUser> users() {
        return users;
    }

    List<DirectoryClient> clients() {
        return clients;
    }

    List<Integration> integrations() {
        return integrations;
    }

    String workflowSecret() {
        return workflowSecret;
    }

    /** What the start-up banner prints: every demo account, its password, and how to sign in. */
    String describe(String issuer) {
        StringBuilder out = new StringBuilder("\nDemo accounts (passwords made for this data folder, kept in its secrets/):\n");
        passwords.forEach((user, password) -> out.append(String.format("  %-22s %s%n", user, password)));
        out.append("Integration clients (client credentials; POST referrals only):\n");
        for (Integration i : integrations) {
            out.append(String.format("  %-22s secret %s  tenant %s  source %s%n", i.clientId(), i.secret(),
                    i.tenant(), i.source()));
        }
        out.append("Sign in from the command line (device flow, docs/security.md):\n")
                .append("  curl -s -d client_id=").append(CLI_CLIENT).append(" ").append(issuer)
                .append("/oauth2/device_authorization\n")
                .append("  open its verification_uri_complete in a browser, sign in as a demo user, then\n")
                .append("  curl -s -d client_id=").append(CLI_CLIENT)
                .append(" -d grant_type=urn:ietf:params:oauth:grant-type:device_code -d device_code=<device_code> ")
                .append(issuer).append("/oauth2/token\n")
                .append("  and call the APIs with -H 'Authorization: Bearer <access_token>'.\n");
        return out.toString();
    }
}
