package mms.cli;

import java.util.concurrent.Callable;
import mms.kv.KeyValueBucket;
import mms.kv.KvException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code mms kv del} and {@code mms kv purge}: the same arguments and flow (check the names, ask,
 * remove); the subclasses say only what they ask and which removal they make.
 */
abstract class KvKeyRemoval implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Mixin
    KvConfirmation confirmation;

    @Mixin
    KvOptions store;

    /** The y/N question, without the suffix. */
    abstract String question();

    /** Removes {@link #key} from the bucket {@code b}. */
    abstract void remove(KeyValueBucket b) throws KvException;

    @Override
    public final Integer call() {
        KvOutput.bucket(bucket);
        KvOutput.key(key);
        if (confirmation.confirmed(question())) {
            store.run(s -> remove(s.bucket(bucket)));
        }
        return 0;
    }
}
