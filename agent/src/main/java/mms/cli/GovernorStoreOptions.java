package mms.cli;

import mms.governor.Governor;
import mms.governor.GovernorEventSink;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the {@code mms governor} verbs find the governors: in the store of {@code mms kv} and the
 * agent, resolved the same way ({@link KvOptions}: {@code --config}/{@code MMS_CONFIG}, the
 * {@code MMS_STORE*} variables and the store flags), under the collective whose subjects a NATS
 * store uses.
 */
final class GovernorStoreOptions {
    @Mixin
    KvOptions store = new KvOptions();

    @Option(names = "--collective", paramLabel = "NAME",
            description = "main collective, the first part of the governor subjects (<collective>.governor.<name>); "
                    + "default: the agents' main_collective (MMS_MAIN_COLLECTIVE, config 'main_collective'), "
                    + "else choria")
    String collective;

    /** Work done with the governors of the open store. */
    @FunctionalInterface
    interface GovernorWork<T> {
        T apply(Governor governor) throws KvException, InterruptedException;
    }

    /**
     * Opens the store, applies {@code work} to its governors and closes the store: the one place
     * where the {@code mms governor} verbs turn store failures into one-line CLI errors. Lifecycle
     * events go to the log and, on a NATS store, to their subjects.
     */
    <T> T apply(GovernorWork<T> work) throws InterruptedException {
        try (KeyValueStore s = store.open()) {
            Governor governor;
            try {
                governor = Governor.of(s, collective != null ? collective
                        : store.resolve(System.getenv()).mainCollective(), GovernorEventSink.log());
            } catch (IllegalArgumentException e) {
                throw new CliException("--collective: " + e.getMessage(), 2, e);
            }
            return work.apply(governor);
        } catch (KvException e) {
            throw KvOutput.failed(e);
        }
    }

    /** This node's identity as the agent resolves it ({@code MMS_IDENTITY}, {@code identity} in the file, the host name). */
    String identity() {
        return store.resolve(System.getenv()).identity();
    }
}
