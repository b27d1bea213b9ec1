package mms.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code mms object}: the NATS Object Store buckets that {@code nats-os://} archive sources read. */
@Command(name = "object",
        description = {
            "Manages the NATS Object Store buckets that nats-os:// archive sources read.",
            "",
            "Archive watchers read 'source: nats-os://BUCKET/OBJECT' over the agent's own store "
                    + "connection, so a fleet needs no web server. The buckets are those that 'nats object' "
                    + "shows too.",
            "",
            "The store is the agent's: --store URL, MMS_STORE or 'store' in --config FILE; it must be "
                    + "NATS (nats://host:port), the embedded SQLite store keeps no objects.",
            "",
            "Example, publishing a bundle where its machines.json entry points:",
            "  mms bundle ./app --source-base nats-os://machines/fleet --out dist",
            "  mms object put machines dist/app-1.0.0.tar.gz --name fleet/app-1.0.0.tar.gz"
        },
        mixinStandardHelpOptions = true)
final class ObjectCommand extends CommandGroup {
    @Override
    List<Class<?>> subcommands() {
        return List.of(ObjectPutCommand.class, ObjectGetCommand.class, ObjectLsCommand.class, ObjectRmCommand.class);
    }
}
