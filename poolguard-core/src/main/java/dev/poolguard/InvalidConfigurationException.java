package dev.poolguard;

/** A setting has an impossible value. The message names the setting, the value and the limit. */
public class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    public InvalidConfigurationException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    /** The setting at fault, as the builder method or environment variable names it. */
    public String setting() {
        return setting;
    }
}
