package dev.poolguard.example.calls.telephony;

import java.net.URI;

/**
 * One outbound call: {@code callId} is the service's id, also carried in {@code statusCallback} (as {@code ?callId=})
 * and as the stream's {@code callId} parameter, so a callback or a stream that arrives before the service stored the
 * provider's call_sid still finds its call. {@code streamUrl} is the Media Streams URL the call connects to when
 * answered ({@code <Connect><Stream url="...">}).
 */
public record DialRequest(long callId, String to, String from, URI statusCallback, URI streamUrl) {
}
