package dev.poolguard.example.calls.telephony;

import java.net.URI;

/**
 * One outbound call: {@code callId} is the service's id, also carried in {@code statusCallback} so a callback that
 * arrives before the service stored the provider's call_sid still finds its call.
 */
public record DialRequest(long callId, String to, String from, URI statusCallback) {
}
