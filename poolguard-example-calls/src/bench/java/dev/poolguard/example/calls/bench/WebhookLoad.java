package dev.poolguard.example.calls.bench;

import dev.poolguard.Database;
import dev.poolguard.embedded.EmbeddedPostgresServer;
import dev.poolguard.example.calls.CallsConfig;
import dev.poolguard.example.calls.CallsService;
import dev.poolguard.example.calls.webhooks.StatusWebhooks;
import dev.poolguard.example.calls.webhooks.TwilioSignature;

import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The target of the webhook benchmark: the service on an embedded PostgreSQL seeded with {@code calls} dialed calls,
 * and a file of signed status callbacks for them ({@code initiated}, {@code ringing}, {@code in-progress},
 * {@code completed} for every call, in that order) that {@code webhooks.lua} replays with wrk. Runs until killed.
 *
 * <pre>
 * java -cp ... dev.poolguard.example.calls.bench.WebhookLoad 8089 20000 target/webhook-requests.tsv
 * wrk -t2 -c32 -d20s --latency -s src/bench/wrk/webhooks.lua http://127.0.0.1:8089 -- 2
 * </pre>
 */
public final class WebhookLoad {

    static final String TOKEN = "bench-auth-token-0123456789";
    private static final List<String> STATUSES = List.of("initiated", "ringing", "in-progress", "completed");

    private WebhookLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        long calls = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        Path out = Path.of(args.length > 2 ? args[2] : "target/webhook-requests.tsv");

        EmbeddedPostgresServer server = EmbeddedPostgresServer.builder().stopOnJvmExit(false).start();
        CallsConfig config = CallsConfig.builder().port(port).authToken(TOKEN).build();
        Database db = CallsService.databaseBuilder(config).url(server.url()).build();
        CallsService service = CallsService.builder(db, request -> {
            throw new IllegalStateException("the benchmark dials nothing");
        }).config(config).email(message -> { }).closeAfter(server).start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "bench-shutdown"));
        BenchData.seed(db, calls);
        write(out, "http://127.0.0.1:" + service.port(), calls);
        System.out.println("ready: " + service.url() + " with " + calls + " calls; requests in " + out);
        Thread.currentThread().join();
    }

    /**
     * One callback a line, {@code path TAB body TAB signature}: every call's four callbacks, status by status (a plain
     * file: LuaJIT cannot load a table literal with more than 65,536 constants).
     */
    static void write(Path file, String base, long calls) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String status : STATUSES) {
                for (long n = 1; n <= calls; n++) {
                    String path = StatusWebhooks.PATH + "?" + StatusWebhooks.CALL_ID_PARAM + "=" + n;
                    Map<String, String> params = new LinkedHashMap<>();
                    params.put("AccountSid", "AC" + "0".repeat(32));
                    params.put("CallSid", BenchData.sid(n));
                    params.put("CallStatus", status);
                    params.put("From", "+14155550100");
                    params.put("To", "+1555" + String.format("%09d", n));
                    params.put("SequenceNumber", Integer.toString(STATUSES.indexOf(status)));
                    if (status.equals("completed")) {
                        params.put("CallDuration", Long.toString(5 + n % 120));
                    }
                    Map<String, List<String>> signed = new LinkedHashMap<>();
                    params.forEach((k, v) -> signed.put(k, List.of(v)));
                    String body = params.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"));
                    w.write(path + "\t" + body + "\t" + TwilioSignature.sign(TOKEN, base + path, signed) + "\n");
                }
            }
        }
    }
}
