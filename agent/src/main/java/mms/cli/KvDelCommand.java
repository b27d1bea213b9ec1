package mms.cli;

import mms.kv.KeyValueBucket;
import mms.kv.KvException;
import picocli.CommandLine.Command;

/** {@code mms kv del}: places a delete marker on a key (its history is kept). */
@Command(name = "del", mixinStandardHelpOptions = true,
        description = "Deletes KEY: watchers remove their data item; the key's history is kept.")
final class KvDelCommand extends KvKeyRemoval {
    @Override
    String question() {
        return "Really remove the " + key + " key from bucket " + bucket;
    }

    @Override
    void remove(KeyValueBucket b) throws KvException {
        b.delete(key);
    }
}
