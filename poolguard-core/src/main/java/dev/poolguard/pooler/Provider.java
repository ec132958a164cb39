package dev.poolguard.pooler;

import java.util.List;
import java.util.Locale;

/**
 * A managed PostgreSQL provider, known from the host name in the URL. Providers' servers are reached over the
 * internet, so Poolguard asks for TLS ({@code sslmode=require}) by default when the URL names one of them.
 */
public enum Provider {
    SUPABASE("Supabase", ".supabase.co", ".supabase.com"),
    NEON("Neon", ".neon.tech"),
    AWS_RDS("AWS RDS", ".rds.amazonaws.com"),
    AZURE("Azure Database for PostgreSQL", ".postgres.database.azure.com"),
    AIVEN("Aiven", ".aivencloud.com"),
    DIGITALOCEAN("DigitalOcean", ".db.ondigitalocean.com"),
    RENDER("Render", ".render.com"),
    CRUNCHY_BRIDGE("Crunchy Bridge", ".db.postgresbridge.com"),
    TIMESCALE("Timescale", ".tsdb.cloud.timescale.com"),
    HEROKU("Heroku", ".compute-1.amazonaws.com", ".compute.amazonaws.com"),
    /** Not one of the providers above (self-hosted, or one Poolguard does not know). */
    OTHER("");

    private final String label;
    private final List<String> hostSuffixes;

    Provider(String label, String... hostSuffixes) {
        this.label = label;
        this.hostSuffixes = List.of(hostSuffixes);
    }

    /** The provider's name as people write it, empty for {@link #OTHER}. */
    public String label() {
        return label;
    }

    /** Whether the URL should ask for TLS by default: every known provider is reached over the internet. */
    public boolean requiresTls() {
        return this != OTHER;
    }

    /** The provider whose domain {@code host} is in, else {@link #OTHER}. */
    public static Provider ofHost(String host) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        for (Provider p : values()) {
            for (String suffix : p.hostSuffixes) {
                if (h.endsWith(suffix)) {
                    return p;
                }
            }
        }
        return OTHER;
    }
}
