package mms.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import mms.json.Json;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's {@code chromium}, or {@code $CHROMIUM}) driven over the
 * DevTools protocol on a loopback websocket, with the JDK's {@link WebSocket}: open a page, evaluate
 * JavaScript in it (to wait for what it renders and read it), take a screenshot. It collects what
 * the page's scripts throw and the errors the browser logs (a refused resource, a script error), so
 * that a test can assert there were none.
 */
final class Chromium implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final String LISTENING = "DevTools listening on ";

    private final Process process;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    private Chromium(Process process, URI browser) throws Exception {
        this.process = process;
        this.socket = http.newWebSocketBuilder().buildAsync(browser, new Listener()).get(CALL.toSeconds(), TimeUnit.SECONDS);
    }

    /** The binary: {@code $CHROMIUM}, else {@code chromium} on the {@code PATH}. */
    static Optional<Path> binary() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "chromium");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Fails under {@code CI=true}, skips the test otherwise, when there is no Chromium. */
    static void requireBinary() {
        if (binary().isEmpty()) {
            String why = "chromium not found: install Debian's chromium (scripts/test does), set CHROMIUM or put "
                    + "chromium on PATH";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (required because CI=true)");
            }
            Assumptions.abort(why);
        }
    }

    /**
     * Starts Chromium with a fresh profile in {@code profile} (left for the caller to delete).
     *
     * @param width  the window's width in CSS pixels
     * @param height the window's height in CSS pixels
     */
    static Chromium start(Path profile, int width, int height) throws Exception {
        List<String> command = List.of(binary().orElseThrow().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread.ofVirtual().name("chromium-stderr").start(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    if (line.startsWith(LISTENING)) {
                        listening.complete(URI.create(line.substring(LISTENING.length()).strip()));
                    } else if (lines.size() < 200) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            listening.completeExceptionally(new IllegalStateException("chromium exited before it listened: "
                    + String.join("\n", lines)));
        });
        try {
            Chromium chromium = new Chromium(process, listening.get(START.toSeconds(), TimeUnit.SECONDS));
            chromium.output.addAll(lines);
            return chromium;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("could not start chromium: " + e.getMessage() + "\n" + String.join("\n", lines), e);
        }
    }

    /** Opens {@code url} in a new tab and returns it once its navigation was committed. */
    Page open(String url, int width, int height) throws Exception {
        String target = call("Target.createTarget", Json.object().put("url", "about:blank"), null)
                .path("targetId").asText();
        String session = call("Target.attachToTarget", Json.object().put("targetId", target).put("flatten", true), null)
                .path("sessionId").asText();
        Page page = new Page(session);
        call("Runtime.enable", Json.object(), session);
        call("Log.enable", Json.object(), session);
        call("Emulation.setDeviceMetricsOverride", Json.object().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false), session);
        JsonNode navigated = call("Page.navigate", Json.object().put("url", url), session);
        if (navigated.has("errorText")) {
            throw new IllegalStateException("chromium could not load " + url + ": " + navigated.path("errorText").asText());
        }
        return page;
    }

    /** What the pages threw and the errors the browser logged, so far. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /** One tab. */
    final class Page {
        private final String session;

        private Page(String session) {
            this.session = session;
        }

        /**
         * Evaluates {@code expression} in the page and returns its value as JSON (a promise is
         * awaited).
         *
         * @throws IllegalStateException when it throws
         */
        JsonNode evaluate(String expression) throws Exception {
            JsonNode result = call("Runtime.evaluate", Json.object().put("expression", expression)
                    .put("returnByValue", true).put("awaitPromise", true), session);
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException("the page threw evaluating " + expression + ": "
                        + result.path("exceptionDetails").toString());
            }
            return result.path("result").path("value");
        }

        /** A PNG of what the tab shows. */
        byte[] screenshot() throws Exception {
            String data = call("Page.captureScreenshot", Json.object().put("format", "png"), session)
                    .path("data").asText();
            return Base64.getDecoder().decode(data);
        }
    }

    private JsonNode call(String method, ObjectNode params, String session) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = Json.object();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params);
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        socket.sendText(Json.write(message), true).get(CALL.toSeconds(), TimeUnit.SECONDS);
        JsonNode response = answer.get(CALL.toSeconds(), TimeUnit.SECONDS);
        if (response.has("error")) {
            throw new IllegalStateException("chromium answered " + method + " with " + response.path("error"));
        }
        return response.path("result");
    }

    @Override
    public void close() throws Exception {
        try {
            call("Browser.close", Json.object(), null);
        } catch (Exception e) {
            // it may close the socket before it answers
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
        http.close();
    }

    /** Reassembles messages, answers calls and collects errors. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    receive(Json.mapper().readTree(text));
                } catch (IOException e) {
                    errors.add("unreadable devtools message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        private void receive(JsonNode message) {
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = calls.remove(message.path("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
                return;
            }
            switch (message.path("method").asText()) {
                case "Runtime.exceptionThrown" -> errors.add("uncaught: " + message.path("params").path("exceptionDetails"));
                case "Log.entryAdded" -> {
                    JsonNode entry = message.path("params").path("entry");
                    if (entry.path("level").asText().equals("error")) {
                        errors.add(entry.path("source").asText() + ": " + entry.path("text").asText() + " "
                                + entry.path("url").asText());
                    }
                }
                default -> { }
            }
        }
    }
}
