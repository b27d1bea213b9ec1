package mms.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms plugins rm}: removes an entry from {@code plugins.json}. */
@Command(name = "rm",
        description = {
            "Removes the plugin NAME from the plugins manifest.",
            "",
            "The manifest (default plugins.json) must exist and list NAME. Sign the result with mms plugins "
                    + "pack; nodes with purge_unknown then remove the plugin."
        },
        mixinStandardHelpOptions = true)
final class PluginsRmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "the plugin to remove")
    String name;

    @Option(names = "--manifest", paramLabel = "FILE", defaultValue = "plugins.json",
            description = "the manifest to edit (default: ${DEFAULT-VALUE})")
    Path manifest;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PluginsManifest plugins = PluginsManifest.read(manifest, false);
        if (!plugins.entries().removeIf(e -> e.path("name").asText().equals(name))) {
            throw new CliException("no plugin named " + name + " found in " + manifest);
        }
        plugins.write(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        out.println("Removing plugin " + name);
        out.println("Use mms plugins pack to sign the " + manifest + " manifest");
        out.flush();
        return 0;
    }
}
