package mms.archive.source.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mms.archive.Downloader;
import mms.archive.source.ArchiveSources;
import mms.archive.source.HttpSourceOptions;
import mms.digest.Sha256;
import mms.files.FileTrees;

/**
 * How long the first archive download of a fresh JVM takes to leave, and to complete, compared
 * with the second one: an agent builds its HTTP client on its first download, not at start (see
 * {@code HttpClients}). Each measurement is a new JVM ({@code java} from this JVM's
 * home, with this class path), so class loading and TLS initialisation are as cold as on a fresh
 * agent; the servers run in this JVM, on 127.0.0.1: plain HTTP, and HTTPS with a throw-away
 * certificate (made with {@code keytool}) that the children trust through a copy of the JDK's
 * trust store, so TLS costs what it costs with the default one.
 *
 * <p>"leaves" is the time from the call to {@link Downloader#download} until the server sees
 * the request (both clocks are this host's); "first" and "second" are whole downloads of a 64 KiB
 * archive.
 *
 * <p>Arguments (optional): {@code --runs N} (7 per case), {@code --work DIR} (a new temporary
 * directory, removed afterwards).
 */
public final class FirstDownloadBench {

    private static final byte[] BODY = new byte[64 * 1024];
    private static final String PATH = "/repo/app-1.0.0.tar.gz";
    private static final String PASSWORD = "bench-only";

    private final Map<String, Instant> arrivals = new ConcurrentHashMap<>();

    private FirstDownloadBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1], args[2], Path.of(args[3]));
            return;
        }
        int runs = 7;
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --runs N, --work DIR");
            }
        }
        boolean temporary = work == null;
        Path dir = temporary ? Files.createTempDirectory("mms-first-download-") : Files.createDirectories(work);
        try {
            new FirstDownloadBench().run(runs, dir);
        } finally {
            if (temporary) {
                FileTrees.deleteTree(dir);
            }
        }
    }

    private void run(int runs, Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path keyStore = dir.resolve("server.p12");
        Path trustStore = dir.resolve("trust.p12");
        certificates(java, keyStore, trustStore);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStore)));
        for (HttpServer server : List.of(http, https)) {
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::handle);
            server.start();
        }
        String sha = Sha256.of(BODY);
        System.out.printf(Locale.ROOT, "first archive download of a fresh JVM, %d runs per case, medians (ms)%n", runs);
        System.out.printf(Locale.ROOT, "%-7s %8s %8s %8s%n", "scheme", "leaves", "first", "second");
        try {
            for (String scheme : List.of("http", "https")) {
                HttpServer server = scheme.equals("http") ? http : https;
                List<double[]> results = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    String path = PATH + "?" + scheme + "-" + run;
                    String url = scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
                    results.add(measure(java, trustStore, url, sha, dir, path));
                }
                System.out.printf(Locale.ROOT, "%-7s %8.1f %8.1f %8.1f%n", scheme,
                        median(results, 0), median(results, 1), median(results, 2));
            }
        } finally {
            http.stop(0);
            https.stop(0);
        }
    }

    /** Runs one child JVM: {leaves, first, second} in milliseconds. */
    private double[] measure(String java, Path trustStore, String url, String sha, Path dir, String path)
            throws Exception {
        Path downloads = Files.createDirectories(dir.resolve("downloads-" + System.nanoTime()));
        Process child = new ProcessBuilder(java, "-Djavax.net.ssl.trustStore=" + trustStore,
                "-Djavax.net.ssl.trustStorePassword=" + PASSWORD, "-cp", System.getProperty("java.class.path"),
                FirstDownloadBench.class.getName(), "--child", url, sha, downloads.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes()).strip();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + out);
        }
        FileTrees.deleteTree(downloads);
        // start=<epoch micros> first=<ms> second=<ms> classes=<n>
        Map<String, String> values = new ConcurrentHashMap<>();
        for (String pair : out.lines().reduce((a, b) -> b).orElseThrow().split(" ")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], kv[1]);
        }
        Instant start = Instant.EPOCH.plus(Long.parseLong(values.get("start")), ChronoUnit.MICROS);
        Instant arrival = arrivals.get(path);
        return new double[] {Duration.between(start, arrival).toNanos() / 1e6, Double.parseDouble(values.get("first")),
                Double.parseDouble(values.get("second"))};
    }

    private static void child(String url, String sha, Path downloads) throws Exception {
        Downloader downloader = new Downloader();
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        downloader.download(ArchiveSources.of(url, HttpSourceOptions.defaults()), downloads, sha, 1 << 20);
        long t1 = System.nanoTime();
        downloader.download(ArchiveSources.of(url + "-again", HttpSourceOptions.defaults()), downloads, sha, 1 << 20);
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "start=%d first=%.1f second=%.1f classes=%d%n",
                ChronoUnit.MICROS.between(Instant.EPOCH, start), (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        arrivals.putIfAbsent(PATH + "?" + query, Instant.now());
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        exchange.sendResponseHeaders(200, BODY.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(BODY);
        }
    }

    /** A throw-away server key pair and a copy of the JDK's trust store that also trusts it. */
    private static void certificates(String java, Path keyStore, Path trustStore) throws Exception {
        Path keytool = Path.of(java).resolveSibling("keytool");
        Path certificate = keyStore.resolveSibling("server.crt");
        exec(keytool.toString(), "-genkeypair", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD, "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-validity", "2");
        exec(keytool.toString(), "-exportcert", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-alias", "server", "-file", certificate.toString());
        exec(keytool.toString(), "-importkeystore", "-srckeystore",
                Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toString(),
                "-srcstorepass", "changeit", "-destkeystore", trustStore.toString(), "-deststoretype", "PKCS12",
                "-deststorepass", PASSWORD, "-noprompt");
        exec(keytool.toString(), "-importcert", "-noprompt", "-keystore", trustStore.toString(),
                "-storepass", PASSWORD, "-alias", "bench-server", "-file", certificate.toString());
    }

    private static SSLContext serverContext(Path keyStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static void exec(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static double median(List<double[]> results, int column) {
        double[] values = results.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }
}
