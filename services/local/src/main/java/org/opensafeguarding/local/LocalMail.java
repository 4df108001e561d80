package org.opensafeguarding.local;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded mail server of {@code --mail} (GreenMail, Apache-2.0): SMTP for reporting's alert emails and IMAP to
 * read them, both on loopback, messages in memory only. Each demo partnership's manager has a mailbox, signed in to
 * with the address and a password made for the data folder (kept in its secrets/).
 */
final class LocalMail implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    static final String FROM = "alerts@safeguarding.test";

    private final GreenMail server;
    private final Map<String, String> mailboxes;

    private LocalMail(GreenMail server, Map<String, String> mailboxes) {
        this.server = server;
        this.mailboxes = mailboxes;
    }

    static LocalMail start(Path data, int smtpPort, int imapPort) throws IOException {
        GreenMail server = new GreenMail(new ServerSetup[]{
                new ServerSetup(smtpPort, LOOPBACK, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, LOOPBACK, ServerSetup.PROTOCOL_IMAP)});
        Map<String, String> mailboxes = new LinkedHashMap<>();
        for (String tenant : LocalIdentities.TENANTS) {
            String address = managerOf(tenant);
            String password = LocalSecrets.secret(data, "mail/" + address, 12);
            server.setUser(address, address, password);
            mailboxes.put(address, password);
        }
        server.start();
        return new LocalMail(server, mailboxes);
    }

    /** The demo manager's address in a partnership: every team's alerts go there. */
    static String managerOf(String tenant) {
        return "manager." + tenant.substring("demo-".length()) + "@" + tenant + ".test";
    }

    /** What reporting needs to send alerts here, as properties. */
    Map<String, Object> reportingProperties(int smtpPort) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("reporting.alerts.enabled", true);
        p.put("reporting.alerts.email.from", FROM);
        for (String tenant : LocalIdentities.TENANTS) {
            p.put("reporting.alerts.email.tenants." + tenant + ".manager", managerOf(tenant));
        }
        p.put("spring.mail.host", LOOPBACK);
        p.put("spring.mail.port", smtpPort);
        return p;
    }

    String describe(int smtpPort, int imapPort) {
        StringBuilder out = new StringBuilder(String.format(
                "Mail (in memory, --mail): SMTP %s:%d, IMAP %s:%d; alert emails to:%n", LOOPBACK, smtpPort, LOOPBACK,
                imapPort));
        mailboxes.forEach((address, password) -> out.append(String.format("  %-30s password %s%n", address, password)));
        return out.toString();
    }

    @Override
    public void close() {
        server.stop();
    }
}
