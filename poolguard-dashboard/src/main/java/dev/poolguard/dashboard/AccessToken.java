package dev.poolguard.dashboard;

import dev.poolguard.InvalidConfigurationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The dashboard's shared secret. Candidates are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so the
 * time taken says nothing about how much of a guess was right, not even its length. Never printed.
 */
final class AccessToken {

    static final int MIN_LENGTH = 16;
    static final int MAX_LENGTH = 512;

    private final byte[] digest;

    private AccessToken(String token) {
        this.digest = sha256(token);
    }

    /** Validates a configured token: 16 to 512 visible ASCII characters (it travels in headers and cookies). */
    static AccessToken of(String token) {
        if (token == null || token.isEmpty()) {
            throw new InvalidConfigurationException("accessToken", "is empty; give at least " + MIN_LENGTH + " characters");
        }
        if (token.length() < MIN_LENGTH || token.length() > MAX_LENGTH) {
            throw new InvalidConfigurationException("accessToken", "has " + token.length() + " characters; it needs "
                    + MIN_LENGTH + " to " + MAX_LENGTH);
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ';' || c == ',' || c == '"' || c == '\\') {
                throw new InvalidConfigurationException("accessToken", "character " + (i + 1)
                        + " is not allowed; use visible ASCII without spaces, ';', ',', '\"' or '\\'");
            }
        }
        return new AccessToken(token);
    }

    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "AccessToken[****]";
    }
}
