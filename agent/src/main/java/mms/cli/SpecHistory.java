package mms.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KvException;
import mms.spec.SpecificationException;

/**
 * The values of the specification's key that the bucket keeps, oldest first, each read as a
 * {@link SpecContent}: what {@code mms spec} shows, compares, rolls back to and publishes after.
 * A value that cannot be read is kept with the reason (nodes refuse it too).
 */
final class SpecHistory {

    /**
     * One kept value.
     *
     * @param entry   the stored entry, a PUT
     * @param content what it holds, when it reads
     * @param problem why it does not, otherwise
     */
    record Revision(Entry entry, Optional<SpecContent> content, Optional<String> problem) {

        long revision() {
            return entry.revision();
        }

        /** {@code revision 7 (serial 12)}. */
        String label() {
            return content.map(SpecContent::label).orElse("revision " + entry.revision() + " (unreadable)");
        }

        /** What it holds, or a one-line error naming it ({@code revision 7: invalid specification: …}). */
        SpecContent readable() {
            return content.orElseThrow(() -> new CliException(problem.orElseThrow()));
        }
    }

    private final AgentConfig.SpecificationKey where;
    private final List<Entry> entries;
    private final List<Revision> revisions = new ArrayList<>();

    private SpecHistory(AgentConfig.SpecificationKey where, List<Entry> entries) {
        this.where = where;
        this.entries = List.copyOf(entries);
        for (Entry e : entries) {
            if (e.isMarker()) {
                continue;
            }
            String label = "revision " + e.revision();
            try {
                revisions.add(new Revision(e, Optional.of(SpecContent.read(label, e.valueAsString(), false)),
                        Optional.empty()));
            } catch (SpecificationException problem) {
                revisions.add(new Revision(e, Optional.empty(), Optional.of(problem.getMessage())));
            }
        }
    }

    /** Reads the key's history from {@code bucket}. */
    static SpecHistory read(KeyValueBucket bucket, AgentConfig.SpecificationKey where) throws KvException {
        return new SpecHistory(where, bucket.history(where.key()));
    }

    /** The key. */
    String key() {
        return where.key();
    }

    /** {@code MACHINES > machines}. */
    String where() {
        return where.bucket() + " > " + where.key();
    }

    /**
     * The revision of the key's last entry, a delete or purge marker included, 0 when it has
     * none: what a compare-and-set put expects, so that nothing put meanwhile is overwritten.
     */
    long lastRevision() {
        return entries.isEmpty() ? 0 : entries.getLast().revision();
    }

    /** The current value: the last entry, unless it is a marker (deleted, purged) or there is none. */
    Optional<Revision> current() {
        return entries.isEmpty() || entries.getLast().isMarker() ? Optional.empty() : Optional.of(revisions.getLast());
    }

    /** The value kept before {@code revision}. */
    Optional<Revision> before(long revision) {
        Revision found = null;
        for (Revision r : revisions) {
            if (r.revision() < revision) {
                found = r;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * A kept value.
     *
     * @throws CliException when the bucket does not keep it, naming those it keeps
     */
    Revision revision(long revision) {
        return revisions.stream().filter(r -> r.revision() == revision).findFirst()
                .orElseThrow(() -> new CliException(where() + " keeps no revision " + revision + kept()));
    }

    /** {@code : it keeps revisions 3, 5, 7} or {@code : it keeps none}. */
    String kept() {
        return revisions.isEmpty() ? ": it keeps none"
                : ": it keeps " + (revisions.size() == 1 ? "revision " : "revisions ")
                        + String.join(", ", revisions.stream().map(r -> Long.toString(r.revision())).toList());
    }

    /** The highest serial of any kept value; 0 when none is versioned. */
    long highestSerial() {
        return revisions.stream().flatMap(r -> r.content().flatMap(SpecContent::versioned).stream())
                .mapToLong(v -> v.serial()).max().orElse(0);
    }
}
