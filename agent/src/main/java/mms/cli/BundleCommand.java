package mms.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.archive.ArchiveException;
import mms.archive.bundle.Bundler;
import mms.archive.bundle.MachineBundle;
import mms.archive.source.ArchiveSources;
import mms.archive.source.HttpSourceOptions;
import mms.archive.source.ObjectStoreSource;
import mms.kv.StoredObject;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mms bundle DIR}: validates a machine, writes its {@code SHA256SUMS}, builds a reproducible
 * {@code <name>-<version>.tar.gz} and prints its {@code machines.json} entry on stdout.
 */
@Command(name = "bundle",
        description = {
            "Packages a machine directory for the archive watcher.",
            "",
            "Validates DIR/machine.yaml as the agent would (exit 1 listing every error), writes "
                    + "DIR/SHA256SUMS, builds OUT/<name>-<version>.tar.gz reproducibly (same content, same "
                    + "bytes, same checksum) and prints the machines.json entry on stdout as one line of JSON:",
            "  {\"name\":…,\"source\":…,\"checksum\":…,\"verify_checksum\":…}",
            "",
            "Progress goes to stderr, so the entry can be piped, e.g. into jq.",
            "",
            "--publish also uploads the archive to the NATS object store its source names, through the "
                    + "store's connection (--store, MMS_STORE, as mms object put), so the entry's source is "
                    + "there when it is printed:",
            "  mms bundle ./app --source-base nats-os://machines/fleet --publish"
        })
final class BundleCommand implements Callable<Integer> {

    // no mixinStandardHelpOptions: its --version would clash with the machine version option
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "DIR", description = "the machine directory (holding machine.yaml)")
    Path directory;

    @Option(names = "--name", paramLabel = "N",
            description = "machine name, the archive's top-level directory and the installed directory; "
                    + "the default is the name in machine.yaml")
    Optional<String> name;

    @Option(names = "--version", paramLabel = "V",
            description = "version in the archive file name (default: version in machine.yaml)")
    Optional<String> version;

    @Option(names = "--source-base", paramLabel = "URL",
            description = "URL the archive will be served under; the entry's source is URL/<file> "
                    + "(default: a file:// URL of the output directory)")
    Optional<String> sourceBase;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "where to write the archive, not inside the machine directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--publish",
            description = "upload the archive to the object store of a nats-os://BUCKET[/PATH] --source-base")
    boolean publish;

    @Mixin
    KvOptions store = new KvOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!Files.isRegularFile(directory.resolve("machine.yaml"))) {
            throw new CliException("cannot bundle " + directory + ": no machine.yaml in it");
        }
        MachineLoader.Check check = new MachineLoader(WatcherRegistry.discover()).check(directory);
        check.warnings().forEach(w -> stderr.println("warning: " + w));
        if (!check.ok()) {
            check.errors().forEach(e -> stderr.println("error: " + e));
            stderr.println("mms: not bundling " + directory + ": machine.yaml has "
                    + check.errors().size() + (check.errors().size() == 1 ? " error" : " errors"));
            stderr.flush();
            return 1;
        }
        if (publish) {
            // refused before anything is written: a wrong base or store would leave an archive no node can fetch
            if (sourceBase.isEmpty() || !sourceBase.get().regionMatches(true, 0, "nats-os://", 0, 10)) {
                throw new CliException("--publish uploads to a NATS object store: give --source-base"
                        + " nats-os://BUCKET[/PATH]", 2, null);
            }
            store.objectStoreSettings();
        }
        Path output = out.toAbsolutePath().normalize();
        String base = sourceBase.orElse(output.toUri().toString());
        MachineBundle bundle;
        try {
            bundle = Bundler.bundle(directory, output, base, name, version);
        } catch (ArchiveException e) {
            throw new CliException(e.getMessage(), 1, e);
        }
        try {
            stderr.println("wrote " + directory.toAbsolutePath().normalize().resolve(Bundler.SUMS_FILE));
            stderr.println("wrote " + bundle.archive() + " (" + Files.size(bundle.archive()) + " bytes)");
        } catch (IOException e) {
            stderr.println("wrote " + bundle.archive());
        }
        if (publish) {
            StoredObject.Info stored = upload(bundle);
            stderr.println("stored " + ObjectOutput.summary(stored.name(), stored.size(), bundle.checksum()) + " at "
                    + bundle.source());
        }
        stderr.flush();
        stdout.println(bundle.machinesJsonEntry().toString()); // in machines.json field order, not sorted
        stdout.flush();
        return 0;
    }

    /** Puts the archive where its source points, read as the archive watcher reads it. */
    private StoredObject.Info upload(MachineBundle bundle) {
        return store.applyToObjects(objects -> {
            ObjectStoreSource target;
            try {
                target = (ObjectStoreSource) ArchiveSources.of(bundle.source(), HttpSourceOptions.defaults(),
                        Optional.of(objects));
            } catch (MalformedURLException e) {
                throw new CliException("--source-base " + sourceBase.orElseThrow() + ": " + e.getMessage(), 2, e);
            }
            try (InputStream archive = Files.newInputStream(bundle.archive())) {
                return objects.put(target.bucket(), target.name(), archive);
            } catch (IOException e) {
                throw new CliException("cannot read " + bundle.archive() + ": " + e.getMessage(), 1, e);
            }
        });
    }
}
