package org.opensafeguarding.identity.provider;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

/** The provider's RSA signing key, kept as a private JWK in a file so that its key id and tokens survive restarts. */
final class SigningKey {

    private SigningKey() {
    }

    static RSAKey load(Path file) {
        if (file == null) {
            return generate();
        }
        try {
            if (Files.exists(file)) {
                return RSAKey.parse(Files.readString(file, StandardCharsets.US_ASCII));
            }
            RSAKey key = generate();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try {
                // owner-only from the moment it exists, not chmod-ed after the private key is already in it
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file); // Windows: the folder's own permissions apply
            }
            Files.writeString(file, key.toJSONString(), StandardCharsets.US_ASCII);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or write the identity provider's key file " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the identity provider's key file " + file + " is not an RSA JWK", e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate an RSA key", e);
        }
    }
}
