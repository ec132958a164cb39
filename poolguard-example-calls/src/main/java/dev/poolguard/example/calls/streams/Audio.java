package dev.poolguard.example.calls.streams;

/**
 * The audio of a Media Stream: G.711 μ-law, 8,000 samples a second, mono, in 20 ms frames of 160 bytes (what Twilio
 * sends and accepts). Encoding and decoding follow ITU-T G.711 (bias 0x84, clip 32,635, bits inverted).
 */
public final class Audio {

    public static final int SAMPLE_RATE = 8000;
    public static final int FRAME_MILLIS = 20;
    public static final int FRAME_BYTES = SAMPLE_RATE * FRAME_MILLIS / 1000;
    /** μ-law of a zero sample. */
    public static final byte SILENCE = (byte) 0xFF;

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;
    private static final short[] DECODED = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            int u = ~i & 0xFF;
            int t = ((u & 0x0F) << 3) + BIAS;
            t <<= (u & 0x70) >> 4;
            DECODED[i] = (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
        }
    }

    private Audio() {
    }

    public static byte encode(int sample) {
        int sign = (sample >> 8) & 0x80;
        int magnitude = (int) Math.min(Math.abs((long) sample), CLIP) + BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short decode(byte mulaw) {
        return DECODED[mulaw & 0xFF];
    }

    /** A frame of silence. */
    public static byte[] silence() {
        byte[] frame = new byte[FRAME_BYTES];
        java.util.Arrays.fill(frame, SILENCE);
        return frame;
    }

    /**
     * Frame {@code index} of a sine tone at {@code hertz}: consecutive indexes join without a click, so a run of
     * frames is one continuous tone (the simulated caller's and agent's "speech").
     */
    public static byte[] tone(double hertz, int amplitude, long index) {
        byte[] frame = new byte[FRAME_BYTES];
        long first = index * FRAME_BYTES;
        for (int i = 0; i < FRAME_BYTES; i++) {
            frame[i] = encode((int) Math.round(amplitude * Math.sin(2 * Math.PI * hertz * (first + i) / SAMPLE_RATE)));
        }
        return frame;
    }

    /** Mean absolute amplitude of the decoded frame: about 0 for silence, 0.64 × amplitude for a tone. */
    public static int level(byte[] frame) {
        long sum = 0;
        for (byte b : frame) {
            sum += Math.abs(decode(b));
        }
        return frame.length == 0 ? 0 : (int) (sum / frame.length);
    }

    /** Sign changes between consecutive samples of the frame, continuing from {@code previous} (the last sample). */
    public static int zeroCrossings(byte[] frame, short previous) {
        int crossings = 0;
        short last = previous;
        for (byte b : frame) {
            short s = decode(b);
            if (last < 0 && s >= 0 || last >= 0 && s < 0) {
                crossings++;
            }
            last = s;
        }
        return crossings;
    }
}
