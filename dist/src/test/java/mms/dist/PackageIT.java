package mms.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mms.kv.testing.NatsServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node package as an operator gets it: {@code scripts/package} builds it into {@code dist/target}
 * from the jars this build made (so this is an integration test, run after the {@code package}
 * phase; {@code scripts/smoke-bench} then reuses the package), the tests read it as dpkg does and
 * run it unpacked in a scratch root, on its bundled runtime and its ahead-of-time caches
 * ({@code -XX:AOTMode=on}: the JVM refuses to start without one; {@code mms agent} has none), with
 * no JDK on {@code PATH}.
 */
class PackageIT {
    /** The build of the package, training run included, on a busy 2-core machine. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(1);
    private static final Path CHECKOUT = Path.of("").toAbsolutePath().getParent();
    private static final String PASSWORD = "package-test";

    @TempDir
    static Path work;

    private static Path deb;
    private static Path tarball;
    /** The .deb unpacked, as dpkg would install it under / . */
    private static Path root;
    private static String version;

    @BeforeAll
    static void buildThePackage() throws Exception {
        Path out = CHECKOUT.resolve("dist/target");
        Result build = run(Map.of(), CHECKOUT, BUILD_TIMEOUT, CHECKOUT.resolve("scripts/package").toString(),
                "--no-build", "--out", out.toString());
        assertThat(build.code()).as(build.output()).isZero();
        version = Files.readString(CHECKOUT.resolve("agent/target/classes/mms/version.properties"))
                .strip().replaceFirst("^version=", "");
        String name = "mms_" + version.replace('-', '~') + "_amd64";
        deb = out.resolve(name + ".deb");
        tarball = out.resolve(name + ".tar.gz");
        root = Files.createDirectories(work.resolve("root"));
        Result unpack = run(Map.of(), work, RUN_TIMEOUT, "dpkg-deb", "--extract", deb.toString(), root.toString());
        assertThat(unpack.code()).as(unpack.output()).isZero();
    }

    @Test
    void isAnAmd64PackageOfThisVersionNeedingOnlyTheCLibrary() throws Exception {
        Result fields = run(Map.of(), work, RUN_TIMEOUT, "dpkg-deb", "--field", deb.toString(),
                "Package", "Version", "Architecture", "Depends");

        assertThat(fields.output().lines()).containsExactly("Package: mms",
                "Version: " + version.replace('-', '~'), "Architecture: amd64", "Depends: libc6");
        assertThat(Files.size(deb)).as("package size").isLessThan(70L << 20);
    }

    @Test
    void removingKeepsTheConfigurationAndStateAndPurgingRemovesThem() throws Exception {
        // dpkg itself, into a root of its own; the maintainer scripts run outside it (DPKG_ROOT)
        Path dpkgRoot = work.resolve("dpkg-root");
        Files.createDirectories(dpkgRoot.resolve("var/lib/dpkg/info"));
        Files.createDirectories(dpkgRoot.resolve("var/lib/dpkg/updates"));
        Files.createFile(dpkgRoot.resolve("var/lib/dpkg/status"));
        List<String> dpkg = List.of("dpkg", "--root=" + dpkgRoot, "--force-script-chrootless", "--force-not-root");

        Result install = dpkg(dpkg, "--force-depends", "--install", deb.toString());
        assertThat(install.code()).as(install.output()).isZero();
        assertThat(install.output()).contains("systemctl enable --now mms-agent");
        Files.writeString(dpkgRoot.resolve("etc/mms/agent.yaml"), "log_level: debug\n", StandardOpenOption.APPEND);
        Files.writeString(dpkgRoot.resolve("var/lib/mms/kv.db"), "state");

        Result remove = dpkg(dpkg, "--remove", "mms");
        assertThat(remove.code()).as(remove.output()).isZero();
        assertThat(dpkgRoot.resolve("usr/lib/mms")).doesNotExist();
        assertThat(dpkgRoot.resolve("usr/bin/mms")).doesNotExist();
        assertThat(Files.readString(dpkgRoot.resolve("etc/mms/agent.yaml"))).endsWith("log_level: debug\n");
        assertThat(dpkgRoot.resolve("var/lib/mms/kv.db")).hasContent("state");

        Result purge = dpkg(dpkg, "--purge", "mms");
        assertThat(purge.code()).as(purge.output()).isZero();
        assertThat(dpkgRoot.resolve("etc/mms")).doesNotExist();
        assertThat(dpkgRoot.resolve("var/lib/mms")).doesNotExist();
    }

    @Test
    void keepsTheConfigurationAndNeverStartsOrEnablesTheAgent() throws Exception {
        Path control = work.resolve("control");
        Result extract = run(Map.of(), work, RUN_TIMEOUT, "dpkg-deb", "--control", deb.toString(), control.toString());
        assertThat(extract.code()).as(extract.output()).isZero();

        assertThat(Files.readString(control.resolve("conffiles"))).isEqualTo("/etc/mms/agent.yaml\n");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path path = control.resolve(script);
            assertThat(path).isExecutable();
            assertThat(run(Map.of(), work, RUN_TIMEOUT, "sh", "-n", path.toString()).code()).as(script).isZero();
            List<String> systemctl = Files.readAllLines(path).stream().map(String::strip)
                    .filter(line -> line.startsWith("systemctl ")).toList();
            assertThat(systemctl).as(script).noneMatch(line -> line.matches("systemctl (enable|start|restart)\\b.*"));
        }
    }

    @Test
    void holdsTheRuntimeJarsLauncherUnitConfigurationAndDirectories() throws Exception {
        List<String> entries = run(Map.of(), work, RUN_TIMEOUT, "dpkg-deb", "--contents", deb.toString())
                .output().lines().toList();

        assertThat(entries).allSatisfy(line -> assertThat(line.split("\\s+")[1]).isEqualTo("root/root"));
        assertThat(entries).anySatisfy(line -> assertThat(line).endsWith(" ./usr/bin/mms -> ../lib/mms/bin/mms"))
                .anySatisfy(line -> assertThat(line).startsWith("drwxr-x--- ").endsWith(" ./var/lib/mms/"));
        assertThat(paths(entries)).contains("./etc/mms/agent.yaml", "./etc/mms/machines/",
                "./lib/systemd/system/mms-agent.service", "./usr/lib/mms/bin/mms",
                "./usr/lib/mms/lib/mms.jar", "./usr/lib/mms/lib/mms.aot", "./usr/lib/mms/lib/kv.aot",
                "./usr/lib/mms/lib/match.aot", "./usr/lib/mms/lib/commands.aot", "./usr/lib/mms/lib/jvm.options",
                "./usr/lib/mms/lib/agent.jvm.options", "./usr/lib/mms/lib/command.jvm.options",
                "./usr/lib/mms/lib/libsqlitejdbc.so",
                "./usr/lib/mms/runtime/bin/java", "./usr/share/doc/mms/copyright", "./usr/share/doc/mms/README.md")
                .doesNotContain("./usr/lib/mms/runtime/bin/javac", "./usr/lib/mms/runtime/bin/jlink");
        // one jar: every jar on the class path cost each command a look
        assertThat(paths(entries)).filteredOn(p -> p.startsWith("./usr/lib/mms/lib/") && p.endsWith(".jar"))
                .containsExactly("./usr/lib/mms/lib/mms.jar");
    }

    @Test
    void everyFamilyOfCommandsStartsWithItsOwnCacheAndTheAgentWithNone() throws Exception {
        Map<List<String>, String> caches = Map.of(
                List.of("--version"), "mms.aot",
                List.of("kv", "--help"), "kv.aot",
                List.of("machine", "--debug", "match", "--help"), "match.aot",
                List.of("machine", "--help"), "commands.aot",
                List.of("machine", "validate", "--help"), "commands.aot",
                List.of("--debug", "pack", "--help"), "commands.aot");
        for (Map.Entry<List<String>, String> cache : caches.entrySet()) {
            Map<String, String> env = node();
            env.put("MMS_JAVA_OPTS", env.get("MMS_JAVA_OPTS") + " -Xlog:aot=info");

            Result result = mms(env, cache.getKey().toArray(String[]::new));

            assertThat(result.code()).as(result.output()).isZero();
            assertThat(result.output()).as(String.join(" ", cache.getKey()))
                    .contains("Opened AOT cache " + root.resolve("usr/lib/mms/lib/" + cache.getValue()));
        }
        Map<String, String> agent = node();
        agent.put("MMS_JAVA_OPTS", "-Xlog:aot=info");
        Result help = mms(agent, "agent", "--help");
        assertThat(help.code()).as(help.output()).isZero();
        assertThat(help.output()).doesNotContain("Opened AOT cache");
    }

    @Test
    void theTarballHoldsTheSameTree() throws Exception {
        List<String> deb = paths(run(Map.of(), work, RUN_TIMEOUT, "dpkg-deb", "--contents", PackageIT.deb.toString())
                .output().lines().toList()).stream().filter(p -> !p.equals("./")).toList();
        List<String> tar = run(Map.of(), work, RUN_TIMEOUT, "tar", "--list", "--gzip", "--file", tarball.toString())
                .output().lines().filter(p -> !p.equals("./")).toList();

        assertThat(tar).containsExactlyInAnyOrderElementsOf(deb);
    }

    @Test
    void theRuntimeHoldsOnlyTheModulesMmsNeeds() throws Exception {
        String release = Files.readString(root.resolve("usr/lib/mms/runtime/release"));
        Matcher modules = Pattern.compile("(?m)^MODULES=\"(.*)\"$").matcher(release);
        assertThat(modules.find()).as(release).isTrue();

        assertThat(modules.group(1).split(" ")).contains("java.base", "java.net.http", "java.sql")
                .doesNotContain("java.desktop", "jdk.compiler", "jdk.jlink", "jdk.localedata");
    }

    @Test
    void theRuntimeListsOnlyTheSecurityProvidersItHas() throws Exception {
        List<String> providers = Files.readAllLines(root.resolve("usr/lib/mms/runtime/conf/security/java.security"))
                .stream().filter(line -> line.startsWith("security.provider.")).toList();

        assertThat(providers).containsExactly("security.provider.1=SUN", "security.provider.2=SunRsaSign",
                "security.provider.3=SunEC", "security.provider.4=SunJSSE", "security.provider.5=SunJCE",
                "security.provider.6=SunSASL", "security.provider.7=JdkLDAP");
    }

    @Test
    void theUnitFileVerifies() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        String unit = Files.readString(root.resolve("lib/systemd/system/mms-agent.service"));
        assertThat(unit).contains("\nExecStart=/usr/bin/mms agent --config /etc/mms/agent.yaml\n",
                "\nRestart=on-failure\n", "\nStateDirectory=mms\n", "\nKillMode=process\n",
                "\nWantedBy=multi-user.target\n");
        // systemd-analyze checks that ExecStart's program exists: point it at the unpacked launcher
        Path copy = work.resolve("units/mms-agent.service");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, unit.replace("ExecStart=/usr/bin/mms", "ExecStart=" + root.resolve("usr/bin/mms")));

        Result verify = run(Map.of(), work, RUN_TIMEOUT, analyze.toString(), "verify", copy.toString());

        assertThat(verify.code()).as(verify.output()).isZero();
        assertThat(verify.output()).isEmpty();
    }

    @Test
    void printsItsVersionOnTheBundledRuntimeWithNoJdkOnPath() throws Exception {
        Result result = mms("--version");

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output().lines()).first().isEqualTo("mms " + version);
        assertThat(result.output()).contains("Java 25");
    }

    @Test
    void refusesAJavaHomeThatIsNotAJava25Runtime() throws Exception {
        Path java17 = Files.createDirectories(work.resolve("jdk-17/bin"));
        Files.writeString(java17.resolveSibling("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Files.copy(Path.of("/bin/true"), java17.resolve("java"));
        for (Path home : List.of(work.resolve("nowhere"), java17.getParent())) {
            Map<String, String> env = node();
            env.put("MMS_JAVA_HOME", home.toString());

            Result result = run(env, work, RUN_TIMEOUT, launcher(), "--version");

            assertThat(result.code()).as(result.output()).isEqualTo(1);
            assertThat(result.output()).contains("MMS_JAVA_HOME=" + home + " is not a Java 25 runtime");
        }
    }

    @Test
    void runsOnAnotherJava25RuntimeWithoutTheCache() throws Exception {
        Map<String, String> env = node();
        env.put("MMS_JAVA_HOME", System.getProperty("java.home"));
        env.put("MMS_JAVA_OPTS", "-Xlog:aot=warning");

        Result result = run(env, work, RUN_TIMEOUT, launcher(), "--version");

        assertThat(result.code()).as(result.output()).isZero();
        assertThat(result.output()).startsWith("mms " + version + "\n").doesNotContain("AOT", "aot");
    }

    @Test
    void keepsTheCacheWithJarsAddedToTheClassPath() throws Exception {
        Map<String, String> env = node();
        env.put("MMS_CLASSPATH", Files.createDirectories(work.resolve("extensions")).toString());

        Result result = run(env, work, RUN_TIMEOUT, launcher(), "--version");

        assertThat(result.code()).as(result.output()).isZero();
    }

    @Test
    void keepsKeysInTheEmbeddedStoreWithItsOwnSqliteLibrary() throws Exception {
        String store = "sqlite:" + work.resolve("kv.db");
        Map<String, String> env = node();

        assertThat(mms(env, "kv", "add", "CONFIG", "--store", store).code()).isZero();
        assertThat(mms(env, "kv", "put", "CONFIG", "role", "web", "--store", store).code()).isZero();
        Result get = mms(env, "kv", "get", "CONFIG", "role", "--raw", "--store", store);

        assertThat(get.output()).as("value").isEqualTo("web");
        try (Stream<Path> extracted = Files.list(Path.of(env.get("TMPDIR")))) {
            assertThat(extracted).as("libraries extracted to TMPDIR").isEmpty();
        }
    }

    @Test
    void keepsKeysInNats() throws Exception {
        try (NatsServer nats = NatsServer.start(work.resolve("nats"), List.of())) {
            assertThat(mms("kv", "add", "FLEET", "--store", nats.url()).code()).isZero();
            assertThat(mms("kv", "put", "FLEET", "role", "db", "--store", nats.url()).code()).isZero();

            assertThat(mms("kv", "get", "FLEET", "role", "--raw", "--store", nats.url()).output()).isEqualTo("db");
        }
    }

    @Test
    void hostsMachinesWhoseCommandsSeeTheNodesPathAndStopsOnSigterm() throws Exception {
        Path machines = work.resolve("agent/machines");
        Path machine = Files.createDirectories(machines.resolve("pathcheck"));
        Files.writeString(machine.resolve("machine.yaml"), """
                name: pathcheck
                version: 1.0.0
                initial_state: unknown
                transitions:
                  - {name: clean, from: [unknown], destination: checked}
                watchers:
                  - name: path
                    type: exec
                    state_match: [unknown]
                    interval: 1s
                    success_transition: clean
                    properties: {command: ./check.sh}
                """);
        // the node's PATH, plus the machine's directory, and no Java runtime of mms's
        Files.writeString(machine.resolve("check.sh"), """
                #!/bin/sh
                case "$PATH" in /usr/bin:/bin*) ;; *) echo "PATH is $PATH"; exit 1 ;; esac
                case "$PATH" in *runtime*) echo "PATH is $PATH"; exit 1 ;; esac
                """);
        machine.resolve("check.sh").toFile().setExecutable(true);
        Path events = work.resolve("agent/events.jsonl");

        // the agent runs without a cache (the launcher gives it none), so AOTMode=on would refuse it
        Map<String, String> env = node();
        env.put("MMS_JAVA_OPTS", env.get("MMS_JAVA_OPTS").replace("-XX:AOTMode=on ", ""));
        Process agent = start(env, launcher(), "agent", "--machines", machines.toString(),
                "--state-dir", work.resolve("agent/state").toString(), "--identity", "node1",
                "--events-file", events.toString());
        try {
            awaitEvent(agent, events, "\"machine\":\"pathcheck\",\"transition\":\"clean\"");
        } finally {
            agent.destroy();
        }

        assertThat(agent.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        assertThat(agent.exitValue()).isIn(0, 143);
    }

    @Test
    void downloadsArchivesOverHttps() throws Exception {
        Path dir = Files.createDirectories(work.resolve("https"));
        Path keyStore = dir.resolve("server.p12");
        Path trustStore = dir.resolve("trust.p12");
        certificates(keyStore, trustStore);
        Path app = Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(app.resolve("machine.yaml"), """
                name: app
                version: 1.0.0
                initial_state: idle
                transitions: [{name: go, from: [idle], destination: idle}]
                watchers: [{name: t, type: timer, fail_transition: go, properties: {timer: 1h}}]
                """);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStore)));
        Path repository = dir.resolve("repo");
        server.createContext("/", exchange -> {
            byte[] body = Files.readAllBytes(repository.resolve(exchange.getRequestURI().getPath().substring(1)));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "https://127.0.0.1:" + server.getAddress().getPort();
            Result bundle = mms("bundle", app.toString(), "--source-base", base, "--out", repository.toString());
            assertThat(bundle.code()).as(bundle.output()).isZero();
            Path fetcher = Files.createDirectories(dir.resolve("fetch"));
            Files.writeString(fetcher.resolve("machine.yaml"), """
                    name: fetch
                    version: 1.0.0
                    initial_state: fetching
                    transitions: [{name: installed, from: [fetching], destination: done}]
                    watchers:
                      - name: download
                        type: archive
                        state_match: [fetching]
                        success_transition: installed
                        interval: 1m
                        properties:
                          source: "%s/app-1.0.0.tar.gz"
                          checksum: "%s"
                          verify: SHA256SUMS
                          verify_checksum: "%s"
                          creates: app
                          target: "%s"
                    """.formatted(base, field(bundle.output(), "checksum"), field(bundle.output(), "verify_checksum"),
                    dir.resolve("installed")));
            Map<String, String> env = node();
            env.put("MMS_JAVA_OPTS", env.get("MMS_JAVA_OPTS") + " -Djavax.net.ssl.trustStore=" + trustStore
                    + " -Djavax.net.ssl.trustStorePassword=" + PASSWORD);
            Process run = start(env, launcher(), "machine", "run", fetcher.toString(), "--for", "1m");
            try {
                Awaitility.await().atMost(RUN_TIMEOUT).until(() -> {
                    if (!run.isAlive()) {
                        fail("mms machine run stopped: " + new String(run.getInputStream().readAllBytes()));
                    }
                    return Files.exists(dir.resolve("installed/app/machine.yaml"));
                });
            } finally {
                run.destroy();
                run.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            server.stop(0);
        }
    }

    record Result(int code, String output) {}

    private static Result dpkg(List<String> dpkg, String... args) throws Exception {
        List<String> command = new ArrayList<>(dpkg);
        command.addAll(List.of(args));
        return run(Map.of(), work, RUN_TIMEOUT, command.toArray(String[]::new));
    }

    private static Result mms(String... args) throws Exception {
        return mms(node(), args);
    }

    private static Result mms(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher()));
        command.addAll(List.of(args));
        return run(env, work, RUN_TIMEOUT, command.toArray(String[]::new));
    }

    private static String launcher() {
        return root.resolve("usr/bin/mms").toString();
    }

    /**
     * A node's environment: PATH without a JDK, a new TMPDIR, the package's configuration file, and
     * a JVM that refuses to start without its ahead-of-time cache.
     */
    private static Map<String, String> node() throws IOException {
        Path tmp = Files.createTempDirectory(work, "tmp");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", work.toString());
        env.put("TMPDIR", tmp.toString());
        env.put("MMS_CONFIG", root.resolve("etc/mms/agent.yaml").toString());
        env.put("MMS_JAVA_OPTS", "-XX:AOTMode=on -Djava.io.tmpdir=" + tmp);
        return env;
    }

    private static List<String> paths(List<String> contents) {
        // drwxr-xr-x root/root 0 2026-01-01 00:00 ./usr/bin/mms -> ../lib/mms/bin/mms
        return contents.stream().map(line -> line.split("\\s+", 6)[5].replaceFirst(" -> .*$", "")).toList();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private static void awaitEvent(Process process, Path events, String event) {
        Awaitility.await().atMost(RUN_TIMEOUT).until(() -> {
            if (!process.isAlive()) {
                fail("the agent stopped: " + new String(process.getInputStream().readAllBytes()));
            }
            return Files.exists(events) && Files.readString(events).contains(event);
        });
    }

    private static Process start(Map<String, String> env, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    private static Result run(Map<String, String> env, Path dir, Duration timeout, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        if (!env.isEmpty()) {
            builder.environment().clear();
            builder.environment().putAll(env);
        }
        Path output = Files.createTempFile(work, "output", ".txt");
        Process process = builder.redirectOutput(output.toFile()).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeout + ": " + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** A key pair for 127.0.0.1 in {@code keyStore}, its certificate alone in {@code trustStore}. */
    private static void certificates(Path keyStore, Path trustStore) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path certificate = keyStore.resolveSibling("server.crt");
        for (List<String> command : List.of(
                List.of(keytool, "-genkeypair", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                        "-storepass", PASSWORD, "-keypass", PASSWORD, "-alias", "server", "-keyalg", "EC",
                        "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1",
                        "-validity", "2"),
                List.of(keytool, "-exportcert", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                        "-alias", "server", "-file", certificate.toString()),
                List.of(keytool, "-importcert", "-noprompt", "-keystore", trustStore.toString(), "-storetype",
                        "PKCS12", "-storepass", PASSWORD, "-alias", "server", "-file", certificate.toString()))) {
            Result result = run(Map.of(), work, RUN_TIMEOUT, command.toArray(String[]::new));
            assertThat(result.code()).as(result.output()).isZero();
        }
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
}
