package dev.poolguard.example.calls.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Twilio's Media Streams WebSocket protocol ("Media Streams - WebSocket Messages"), both directions, as JSON text
 * messages with an {@code event} discriminator. From Twilio: {@code connected}, {@code start} (once, with
 * {@code streamSid}, {@code callSid}, {@code customParameters} and {@code mediaFormat}), {@code media} (base64 μ-law
 * {@code payload}, {@code chunk}, {@code timestamp} in ms), {@code dtmf}, {@code mark} (an echo of one we sent, when
 * its audio has played) and {@code stop}. To Twilio, on a bidirectional stream: {@code media}, {@code mark} and
 * {@code clear}, each with the {@code streamSid}. Numbers arrive as strings ({@code "sequenceNumber": "3"}); fields
 * this class does not know are ignored, as Twilio may add some.
 *
 * <p>The service parses what Twilio sends and renders what it answers; the simulated provider does the opposite, with
 * the same class, so both sides speak one definition of the protocol.
 */
public final class StreamMessages {

    /** A message Twilio sends. */
    public sealed interface Inbound permits Connected, Start, Media, Dtmf, Mark, Stop, Unknown {
    }

    public record Connected(String protocol, String version) implements Inbound {
    }

    public record MediaFormat(String encoding, int sampleRate, int channels) {
        /** What Twilio streams: audio/x-mulaw, 8000 Hz, mono. */
        public static final MediaFormat TWILIO = new MediaFormat("audio/x-mulaw", Audio.SAMPLE_RATE, 1);
    }

    public record Start(String streamSid, String accountSid, String callSid, List<String> tracks,
                        Map<String, String> customParameters, MediaFormat mediaFormat) implements Inbound {
        public Start {
            tracks = List.copyOf(tracks);
            customParameters = Map.copyOf(customParameters);
        }
    }

    public record Media(String streamSid, String track, long chunk, long timestamp, byte[] payload) implements Inbound {
    }

    public record Dtmf(String streamSid, String track, String digit) implements Inbound {
    }

    public record Mark(String streamSid, String name) implements Inbound {
    }

    public record Stop(String streamSid, String accountSid, String callSid) implements Inbound {
    }

    /** An event this version does not handle; counted and ignored, so a new Twilio event does not end a call. */
    public record Unknown(String event) implements Inbound {
    }

    /** A message the service sends back on a bidirectional stream. */
    public sealed interface Outbound permits OutboundMedia, OutboundMark, Clear {
        String streamSid();
    }

    public record OutboundMedia(String streamSid, byte[] payload) implements Outbound {
    }

    public record OutboundMark(String streamSid, String name) implements Outbound {
    }

    public record Clear(String streamSid) implements Outbound {
    }

    /** A text message that is not JSON, or not a message of this protocol; {@link #getMessage()} says what is wrong. */
    public static final class MalformedMessageException extends RuntimeException {
        MalformedMessageException(String message) {
            super(message);
        }
    }

    private final ObjectMapper mapper;

    public StreamMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    // ---- Twilio -> service -------------------------------------------------------------------------------------

    public Inbound parseInbound(String text) {
        JsonNode m = tree(text);
        String event = text(m, "event");
        switch (event) {
            case "connected":
                return new Connected(optionalText(m, "protocol"), optionalText(m, "version"));
            case "start": {
                JsonNode s = object(m, "start");
                JsonNode format = object(s, "start.mediaFormat", "mediaFormat");
                Map<String, String> params = new LinkedHashMap<>();
                JsonNode custom = s.get("customParameters");
                if (custom != null && custom.isObject()) {
                    custom.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                }
                List<String> tracks = new ArrayList<>();
                JsonNode t = s.get("tracks");
                if (t != null && t.isArray()) {
                    t.forEach(n -> tracks.add(n.asText()));
                }
                return new Start(text(s, "start.streamSid", "streamSid"), optionalText(s, "accountSid"),
                        text(s, "start.callSid", "callSid"), tracks, params,
                        new MediaFormat(text(format, "start.mediaFormat.encoding", "encoding"),
                                (int) number(format, "start.mediaFormat.sampleRate", "sampleRate"),
                                (int) number(format, "start.mediaFormat.channels", "channels")));
            }
            case "media": {
                JsonNode media = object(m, "media");
                byte[] payload;
                try {
                    payload = Base64.getDecoder().decode(text(media, "media.payload", "payload"));
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException("media.payload is not base64: " + e.getMessage());
                }
                return new Media(text(m, "streamSid"), optionalText(media, "track"), number(media, "media.chunk", "chunk"),
                        number(media, "media.timestamp", "timestamp"), payload);
            }
            case "dtmf": {
                JsonNode dtmf = object(m, "dtmf");
                return new Dtmf(text(m, "streamSid"), optionalText(dtmf, "track"), text(dtmf, "dtmf.digit", "digit"));
            }
            case "mark":
                return new Mark(text(m, "streamSid"), text(object(m, "mark"), "mark.name", "name"));
            case "stop": {
                JsonNode stop = m.get("stop");
                return new Stop(text(m, "streamSid"), stop == null ? null : optionalText(stop, "accountSid"),
                        stop == null ? null : optionalText(stop, "callSid"));
            }
            default:
                return new Unknown(event);
        }
    }

    public String connected() {
        return write(mapper.createObjectNode().put("event", "connected").put("protocol", "Call").put("version", "1.0.0"));
    }

    public String start(long sequenceNumber, Start start) {
        ObjectNode m = mapper.createObjectNode().put("event", "start").put("sequenceNumber", Long.toString(sequenceNumber));
        ObjectNode s = m.putObject("start").put("accountSid", start.accountSid()).put("streamSid", start.streamSid())
                .put("callSid", start.callSid());
        start.tracks().forEach(s.putArray("tracks")::add);
        ObjectNode custom = s.putObject("customParameters");
        start.customParameters().forEach(custom::put);
        s.putObject("mediaFormat").put("encoding", start.mediaFormat().encoding())
                .put("sampleRate", start.mediaFormat().sampleRate()).put("channels", start.mediaFormat().channels());
        m.put("streamSid", start.streamSid());
        return write(m);
    }

    public String media(long sequenceNumber, String streamSid, long chunk, long timestamp, byte[] payload) {
        ObjectNode m = mapper.createObjectNode().put("event", "media").put("sequenceNumber", Long.toString(sequenceNumber));
        m.putObject("media").put("track", "inbound").put("chunk", Long.toString(chunk)).put("timestamp", Long.toString(timestamp))
                .put("payload", Base64.getEncoder().encodeToString(payload));
        m.put("streamSid", streamSid);
        return write(m);
    }

    public String dtmf(long sequenceNumber, String streamSid, String digit) {
        ObjectNode m = mapper.createObjectNode().put("event", "dtmf").put("streamSid", streamSid)
                .put("sequenceNumber", Long.toString(sequenceNumber));
        m.putObject("dtmf").put("track", "inbound_track").put("digit", digit);
        return write(m);
    }

    /** Twilio's echo of a mark whose audio has played (or was cleared). */
    public String markEcho(long sequenceNumber, String streamSid, String name) {
        ObjectNode m = mapper.createObjectNode().put("event", "mark").put("sequenceNumber", Long.toString(sequenceNumber))
                .put("streamSid", streamSid);
        m.putObject("mark").put("name", name);
        return write(m);
    }

    public String stop(long sequenceNumber, String streamSid, String accountSid, String callSid) {
        ObjectNode m = mapper.createObjectNode().put("event", "stop").put("sequenceNumber", Long.toString(sequenceNumber));
        m.putObject("stop").put("accountSid", accountSid).put("callSid", callSid);
        m.put("streamSid", streamSid);
        return write(m);
    }

    // ---- service -> Twilio -------------------------------------------------------------------------------------

    public String render(Outbound message) {
        ObjectNode m = mapper.createObjectNode();
        if (message instanceof OutboundMedia media) {
            m.put("event", "media").put("streamSid", media.streamSid())
                    .putObject("media").put("payload", Base64.getEncoder().encodeToString(media.payload()));
        } else if (message instanceof OutboundMark mark) {
            m.put("event", "mark").put("streamSid", mark.streamSid()).putObject("mark").put("name", mark.name());
        } else {
            m.put("event", "clear").put("streamSid", message.streamSid());
        }
        return write(m);
    }

    public Outbound parseOutbound(String text) {
        JsonNode m = tree(text);
        String event = text(m, "event");
        String streamSid = text(m, "streamSid");
        switch (event) {
            case "media":
                try {
                    return new OutboundMedia(streamSid, Base64.getDecoder().decode(text(object(m, "media"), "media.payload", "payload")));
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException("media.payload is not base64: " + e.getMessage());
                }
            case "mark":
                return new OutboundMark(streamSid, text(object(m, "mark"), "mark.name", "name"));
            case "clear":
                return new Clear(streamSid);
            default:
                throw new MalformedMessageException("event '" + abbreviate(event) + "' is not one a bidirectional stream may send"
                        + " (media, mark, clear)");
        }
    }

    // ---- parsing helpers ----------------------------------------------------------------------------------------

    private JsonNode tree(String text) {
        JsonNode m;
        try {
            m = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage());
        }
        if (m == null || !m.isObject()) {
            throw new MalformedMessageException("not a JSON object");
        }
        return m;
    }

    private static JsonNode object(JsonNode parent, String field) {
        return object(parent, field, field);
    }

    private static JsonNode object(JsonNode parent, String path, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw new MalformedMessageException(path + " is missing or not an object");
        }
        return n;
    }

    private static String text(JsonNode parent, String field) {
        return text(parent, field, field);
    }

    private static String text(JsonNode parent, String path, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isValueNode() || n.isNull() || n.asText().isEmpty()) {
            throw new MalformedMessageException(path + " is missing");
        }
        return n.asText();
    }

    private static String optionalText(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }

    /** A number, sent as a JSON number or, as Twilio does, as a string of digits. */
    private static long number(JsonNode parent, String path, String field) {
        String raw = text(parent, path, field);
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new MalformedMessageException(path + " is not a whole number: '" + abbreviate(raw) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
