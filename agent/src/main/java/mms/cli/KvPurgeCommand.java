package mms.cli;

import mms.kv.KeyValueBucket;
import mms.kv.KvException;
import picocli.CommandLine.Command;

/** {@code mms kv purge}: removes a key's whole history. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Removes KEY and its history, leaving only a purge marker.")
final class KvPurgeCommand extends KvKeyRemoval {
    @Override
    String question() {
        return "Really remove the " + bucket + " > " + key;
    }

    @Override
    void remove(KeyValueBucket b) throws KvException {
        b.purge(key);
    }
}
