package mms.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code mms plugins}: the specification tools of the plugins watcher, the original's {@code choria machine plugins}. */
@Command(name = "plugins",
        description = {
            "Edits, signs and checks plugins specifications, as choria machine plugins does.",
            "",
            "A plugins specification (plugins.json) lists archives for the plugins watcher, which the "
                    + "built-in plugins manager (plugins_download) runs. The flow:",
            "  mms plugins add facts https://repo/facts-1.0.0.tgz ARCHIVE_SHA256 SUMS_SHA256",
            "  mms plugins pack plugins.json KEY --output plugins.envelope",
            "  mms kv put CHORIA_PLUGINS plugins - < plugins.envelope",
            "",
            "The envelope is the original's {\"plugins\":\"<base64>\",\"signature\":\"<hex>\"}, signed over the "
                    + "base64 text, so Choria nodes and mms nodes read the same value. Archives are built as for "
                    + "machines: mms bundle prints an entry's checksums."
        },
        mixinStandardHelpOptions = true)
final class PluginsCommand extends CommandGroup {
    @Override
    List<Class<?>> subcommands() {
        return List.of(PluginsAddCommand.class, PluginsRmCommand.class, PluginsPackCommand.class,
                PluginsVerifyCommand.class, PluginsMatcherCommand.class);
    }
}
