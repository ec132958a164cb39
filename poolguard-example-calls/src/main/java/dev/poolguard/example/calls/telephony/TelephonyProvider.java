package dev.poolguard.example.calls.telephony;

/**
 * Places outbound calls. The provider reports progress by posting Twilio-format status callbacks to the request's
 * {@code statusCallback} URL. A Twilio implementation would POST to its Calls API with {@code StatusCallback} and
 * {@code StatusCallbackEvent=initiated ringing answered completed}; {@link SimulatedTelephony} is bundled.
 */
public interface TelephonyProvider extends AutoCloseable {

    /**
     * Places the call and returns the provider's call id ({@code CA...}). Throws when the call could not be placed;
     * the service then ends the call as failed. Called outside any database transaction.
     */
    String dial(DialRequest request);

    @Override
    default void close() {
    }
}
