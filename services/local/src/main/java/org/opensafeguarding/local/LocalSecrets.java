package org.opensafeguarding.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets the local stack needs but the repository must never hold: the pseudonym key, the demo users' passwords,
 * the machine clients' secrets. Each is made once per data folder and kept beside the data (owner-only files), so
 * they stay the same across restarts and differ between installations.
 */
final class LocalSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalSecrets() {
    }

    /** The case-pseudonym key, as the workflow service's {@code safeguarding.pseudonym.key} expects it. */
    static String pseudonymKey(Path dataDirectory) throws IOException {
        return "base64:" + secret(dataDirectory, "pseudonym.key", 32);
    }

    /**
     * An owner-only file in {@code secrets/} that another component fills (the Camunda client caches its engine token
     * there and would otherwise make the file readable by everyone).
     */
    static Path ownerOnlyJsonFile(Path dataDirectory, String name) throws IOException {
        Path file = dataDirectory.resolve("secrets").resolve(name);
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            createOwnerOnly(file);
            Files.writeString(file, "{}", StandardCharsets.US_ASCII); // an empty cache, as its reader expects JSON
        }
        return file;
    }

    /**
     * A random secret (URL-safe base64 of {@code bytes} random bytes) kept in {@code secrets/<name>}, made on first
     * use.
     */
    static String secret(Path dataDirectory, String name, int bytes) throws IOException {
        Path file = dataDirectory.resolve("secrets").resolve(name);
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] random = new byte[bytes];
            RANDOM.nextBytes(random);
            createOwnerOnly(file);
            String encoded = name.endsWith(".key") ? Base64.getEncoder().encodeToString(random)
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.writeString(file, encoded, StandardCharsets.US_ASCII);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    /** Owner-only from the moment it exists, not chmod-ed after the secret is already written. */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file); // Windows: the folder's own permissions apply
        }
    }
}
