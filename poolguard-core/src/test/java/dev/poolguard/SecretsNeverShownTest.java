package dev.poolguard;

import dev.poolguard.internal.DatabaseUrl;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passwords made of the characters that break URL handling ({@code @ : / ? # %}, spaces, non-ASCII) never appear in
 * what Poolguard shows: the configuration, the database's string form, URL errors, log lines, status, health, events.
 */
class SecretsNeverShownTest {

    private static final String ALPHABET = "@:/?#% &=+abcXYZ019é€ß漢🙂";

    /** A random password, its distinctive core (what must never show) and its percent-encoded form. */
    record Secret(String password, String core, String encoded) {
        static Secret random(Random random) {
            String password = randomPassword(random);
            return new Secret(password, password.replaceAll(".*(Zq\\d+xW).*", "$1"),
                    URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20"));
        }
    }

    static String randomPassword(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = 6 + random.nextInt(10);
        int codePoints = ALPHABET.codePointCount(0, ALPHABET.length());
        for (int i = 0; i < length; i++) {
            if (i == length / 2) {
                // A distinctive core, so "contains" cannot be satisfied by a shared short fragment like ":" or "a".
                sb.append("Zq").append(random.nextInt(1_000_000)).append("xW");
            }
            sb.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(codePoints))));
        }
        return sb.toString();
    }

    @Test
    void randomPasswordsNeverAppearInConfigurationOrUrlErrors() {
        Random random = new Random(20261203);
        for (int i = 0; i < 2000; i++) {
            Secret secret = Secret.random(random);
            String password = secret.password();
            String core = secret.core();
            String encoded = secret.encoded();
            // Percent-encoded, as it should be written: parses, and the password is exactly recovered.
            DatabaseUrl parsed = DatabaseUrl.parse("postgres://app:" + encoded + "@db.example.com:5432/calls?sslmode=require");
            assertThat(parsed.password()).isEqualTo(password);
            assertThat(parsed.toString()).doesNotContain(core);
            assertThat(parsed.jdbcUrl()).doesNotContain(core);
            assertThat(Database.builder().url("postgres://app:" + encoded + "@db.example.com/calls").config().toString())
                    .doesNotContain(core).doesNotContain(encoded);
            // Written raw, as people paste it: it parses or fails, and either way nothing shows the password.
            String raw = "postgres://app:" + password + "@db.example.com:5432/calls";
            try {
                DatabaseUrl rawParsed = DatabaseUrl.parse(raw);
                assertThat(rawParsed.toString()).doesNotContain(core);
                assertThat(rawParsed.jdbcUrl()).doesNotContain(core);
            } catch (InvalidConfigurationException e) {
                assertThat(e.getMessage()).doesNotContain(core);
            }
            String asParam = "jdbc:postgresql://db.example.com/calls?user=app&password=" + encoded;
            assertThat(DatabaseUrl.parse(asParam).toString()).doesNotContain(core);
            assertThat(DatabaseUrl.parse(asParam).jdbcUrl()).doesNotContain(core);
            assertThat(Database.builder().url("postgres://db/calls").user("app").password(password).config().toString())
                    .doesNotContain(core);
        }
    }

    @Test
    void aLiveDatabaseNeverShowsItsPasswordInLogsStatusHealthOrEvents() {
        Random random = new Random(7);
        for (int i = 0; i < 3; i++) {
            Secret secret = Secret.random(random);
            String core = secret.core();
            String encoded = secret.encoded();
            RecordingReporter events = new RecordingReporter();
            try (LogCapture logs = new LogCapture();
                 Database db = Pg.builder().url(Pg.server().url().replace("postgres@", "postgres:" + encoded + "@"))
                         .addReporter(events).build()) {
                assertThat(db.queryOne("select 1", rs -> rs.getInt(1))).contains(1);
                try {
                    db.query("select * from no_such_table_" + i, rs -> 1);
                } catch (QueryFailedException expected) {
                    assertThat(expected.getMessage()).doesNotContain(core);
                }
                assertThat(db.toString()).doesNotContain(core);
                assertThat(db.diagnostics().status().toString()).doesNotContain(core);
                assertThat(db.diagnostics().health().toString()).doesNotContain(core);
                org.awaitility.Awaitility.await().until(() -> !events.events().isEmpty());
                assertThat(events.events()).allSatisfy(e -> assertThat(e.toString()).doesNotContain(core));
                db.close();
                assertThat(logs.text()).contains("Poolguard").doesNotContain(core);
            }
        }
    }
}
