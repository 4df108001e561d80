package org.opensafeguarding.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets the local stack needs but the repository must never hold. Each is made once per data folder and
 * kept beside the data, so pseudonyms stay stable across restarts and differ between installations.
 */
final class LocalSecrets {

    private LocalSecrets() {
    }

    /** The case-pseudonym key, as the workflow service's {@code safeguarding.pseudonym.key} expects it. */
    static String pseudonymKey(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve("secrets").resolve("pseudonym.key");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                // owner-only from the moment it exists, not chmod-ed after the key is already written
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file); // Windows: the folder's own permissions apply
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
        }
        return "base64:" + Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
}
