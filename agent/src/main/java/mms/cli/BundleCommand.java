package mms.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.archive.ArchiveException;
import mms.archive.bundle.Bundler;
import mms.archive.bundle.MachineBundle;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
            "Progress goes to stderr, so the entry can be piped, e.g. into jq."
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
        } catch (java.io.IOException e) {
            stderr.println("wrote " + bundle.archive());
        }
        stderr.flush();
        stdout.println(bundle.machinesJsonEntry().toString()); // in machines.json field order, not sorted
        stdout.flush();
        return 0;
    }
}
