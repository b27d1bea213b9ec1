package mms.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code mms kv}: the key-value store the agent's kv watchers read, from the command line. */
@Command(name = "kv",
        description = {
            "Reads and writes the key-value store that kv watchers read.",
            "",
            "The store is the agent's: --store URL, MMS_STORE, 'store' in --config FILE, or "
                    + "sqlite:<state_dir>/kv.db. Use nats://host:port for a NATS JetStream fleet store."
        },
        mixinStandardHelpOptions = true)
final class KvCommand extends CommandGroup {
    @Override
    List<Class<?>> subcommands() {
        return List.of(KvAddCommand.class, KvPutCommand.class, KvGetCommand.class, KvDelCommand.class,
                KvPurgeCommand.class, KvLsCommand.class, KvHistoryCommand.class, KvWatchCommand.class,
                KvStatusCommand.class, KvRmCommand.class);
    }
}
