package mms.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import mms.archive.ArchiveException;
import mms.archive.bundle.Bundler;
import mms.archive.bundle.MachineBundle;
import mms.json.Json;
import mms.spec.Ed25519PrivateKey;
import mms.spec.Specification;
import mms.watcher.archive.ArchiveServer;

/**
 * The operator's side of a deployment, as {@code mms bundle} and {@code mms pack} do it: writes a
 * small machine, bundles it with {@link Bundler}, publishes the archive over HTTP on 127.0.0.1 (or
 * leaves it on disk for a {@code file://} source) and packs signed specifications.
 */
public final class Operator implements AutoCloseable {
    private final Path work;
    private final ArchiveServer server;
    private final Ed25519PrivateKey key;

    /** An operator working in {@code work} (created), with a fresh signing key and its own HTTP server. */
    public Operator(Path work) throws IOException {
        this.work = Files.createDirectories(work);
        this.key = Ed25519PrivateKey.generate();
        this.server = new ArchiveServer();
    }

    /** The signing key. */
    public Ed25519PrivateKey key() {
        return key;
    }

    /**
     * A machine that starts in {@code starting} and moves to {@code running} as soon as its exec
     * watcher has run {@code /bin/true} (at start: {@code run_at_start}), so "running" proves the
     * machine's own watcher worked.
     */
    public static String machineYaml(String name, String version) {
        return """
                name: %s
                version: %s
                initial_state: starting
                transitions:
                  - {name: started, from: [starting], destination: running}
                watchers:
                  - name: probe
                    type: exec
                    state_match: [starting]
                    success_transition: started
                    properties:
                      command: /bin/true
                      run_at_start: true
                """.formatted(name, version);
    }

    /** Bundles {@code name} at {@code version} and serves it over HTTP. */
    public MachineBundle bundle(String name, String version) throws IOException, ArchiveException {
        MachineBundle bundle = Bundler.bundle(source(name, version), work.resolve("repo"), server.url("/repo"));
        server.serve("/repo/" + bundle.archive().getFileName(), Files.readAllBytes(bundle.archive()));
        return bundle;
    }

    /** How many times the HTTP server was asked for {@code bundle}'s archive. */
    public int downloads(MachineBundle bundle) {
        var count = server.requests.get("/repo/" + bundle.archive().getFileName());
        return count == null ? 0 : count.get();
    }

    /**
     * Bundles {@code name} at {@code version} with sources under {@code sourceBase} and serves it
     * nowhere: the caller puts the archive where the source points (e.g. a NATS Object Store).
     */
    public MachineBundle bundleFor(String name, String version, String sourceBase) throws IOException, ArchiveException {
        Path repo = Files.createDirectories(work.resolve("unserved"));
        return Bundler.bundle(source(name, version), repo, sourceBase);
    }

    /** Bundles {@code name} at {@code version} with a {@code file:///...} source. */
    public MachineBundle bundleAsFile(String name, String version) throws IOException, ArchiveException {
        Path repo = Files.createDirectories(work.resolve("file-repo"));
        return Bundler.bundle(source(name, version), repo, repo.toUri().toString());
    }

    private Path source(String name, String version) throws IOException {
        Path dir = Files.createDirectories(work.resolve("src").resolve(name + "-" + version));
        Files.writeString(dir.resolve("machine.yaml"), machineYaml(name, version));
        Files.writeString(dir.resolve("release.txt"), name + " " + version + "\n");
        return dir;
    }

    /** The {@code machines.json} entry of {@code bundle}, with a matcher when non-empty. */
    public static ObjectNode entry(MachineBundle bundle, String match) {
        ObjectNode entry = bundle.machinesJsonEntry();
        if (!match.isEmpty()) {
            entry.put("match", match);
        }
        return entry;
    }

    /** The {@code machines.json} entry of {@code bundle}, matching every node. */
    public static ObjectNode entry(MachineBundle bundle) {
        return entry(bundle, "");
    }

    /** {@code machines.json}: the entries as a JSON array. */
    public static byte[] machinesJson(ObjectNode... entries) {
        ArrayNode list = Json.mapper().createArrayNode();
        for (ObjectNode e : entries) {
            list.add(e);
        }
        return Json.write(list).getBytes(StandardCharsets.UTF_8);
    }

    /** The envelope signed with this operator's key, as {@code mms pack} prints it. */
    public String signed(ObjectNode... entries) {
        return Specification.pack(machinesJson(entries), Optional.of(key)).toJson();
    }

    /** The envelope signed with {@code other}. */
    public static String signedWith(Ed25519PrivateKey other, ObjectNode... entries) {
        return Specification.pack(machinesJson(entries), Optional.of(other)).toJson();
    }

    /** An envelope without a signature. */
    public static String unsigned(ObjectNode... entries) {
        return Specification.pack(machinesJson(entries), Optional.empty()).toJson();
    }

    /**
     * A man-in-the-middle envelope: the signature this operator made for {@code signedEntries}
     * over the payload of {@code replacementEntries}.
     */
    public String tampered(ObjectNode[] signedEntries, ObjectNode... replacementEntries) {
        String signature = Specification.pack(machinesJson(signedEntries), Optional.of(key)).signature().orElseThrow();
        ObjectNode envelope = Json.object();
        envelope.put("machines", Base64.getEncoder().encodeToString(machinesJson(replacementEntries)));
        envelope.put("signature", signature);
        return Json.write(envelope);
    }

    @Override
    public void close() {
        server.close();
    }
}
