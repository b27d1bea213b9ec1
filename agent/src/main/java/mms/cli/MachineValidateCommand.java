package mms.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mms machine validate}: every problem of one or more machines, exit 1 when any. */
@Command(name = "validate",
        description = {
            "Checks machines exactly as the agent would load them, listing every problem.",
            "",
            "PATH is a machine.yaml, a machine directory, or a machines directory (each sub-directory "
                    + "with a machine.yaml is checked). Exits 1 when any machine has an error; warnings "
                    + "(unknown keys, unused properties) do not change the exit code."
        },
        mixinStandardHelpOptions = true)
final class MachineValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "machine.yaml, machine directory or machines directory")
    List<Path> paths;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        MachineLoader loader = new MachineLoader(WatcherRegistry.discover());
        int failed = 0;
        List<Path> files = manifestFiles();
        if (files.isEmpty()) {
            throw new CliException("no machine.yaml found in " + paths);
        }
        for (Path file : files) {
            MachineLoader.Check check = loader.checkFile(file);
            check.warnings().forEach(w -> out.println("warning: " + w));
            if (check.ok()) {
                out.println("ok: " + file + describe(file));
            } else {
                failed++;
                check.errors().forEach(e -> out.println("error: " + e));
            }
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private static String describe(Path file) {
        try {
            var d = ManifestParser.readFile(file).definition();
            return " (" + d.name() + " " + d.version() + ")";
        } catch (ManifestException e) {
            return "";
        }
    }

    /** The manifest files the paths name: a file itself, a machine directory's machine.yaml, or each machine's of a machines directory. */
    private List<Path> manifestFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else if (Files.isRegularFile(p.resolve(ManifestParser.FILE_NAME))) {
                out.add(p.resolve(ManifestParser.FILE_NAME));
            } else if (Files.isDirectory(p)) {
                try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                    List<Path> sorted = new ArrayList<>();
                    for (Path c : children) {
                        String name = c.getFileName().toString();
                        if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS) && !name.equals("tmp")
                                && !name.startsWith(".") && !name.endsWith("-temp")
                                && Files.isRegularFile(c.resolve(ManifestParser.FILE_NAME))) {
                            sorted.add(c.resolve(ManifestParser.FILE_NAME));
                        }
                    }
                    sorted.sort(null);
                    out.addAll(sorted);
                }
            } else {
                throw new CliException("cannot read " + p + ": no such file or directory");
            }
        }
        return out;
    }
}
