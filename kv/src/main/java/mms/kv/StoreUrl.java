package mms.kv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed store URL, as {@link KeyValueStores#open} takes it: {@code sqlite:PATH} (also
 * {@code sqlite://PATH}) or {@code nats://host:port[,nats://host2:port...]} with {@code tls://}
 * allowed for any server. The one place that knows the form, so the governor, the object storage
 * and the CLI agree with the store on what a URL means.
 */
public sealed interface StoreUrl {

    /** The embedded store on {@code file}. */
    record Sqlite(Path file) implements StoreUrl {
        public Sqlite {
            Objects.requireNonNull(file, "file");
        }
    }

    /** NATS JetStream on these servers (at least one), as written. */
    record Nats(List<String> servers) implements StoreUrl {
        public Nats {
            servers = List.copyOf(servers);
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("at least one nats server is needed");
            }
        }
    }

    /**
     * Parses a store URL.
     *
     * @param url the URL, surrounding blanks ignored
     * @return what it names
     * @throws InvalidName when it is blank or malformed; the message quotes it
     */
    static StoreUrl parse(String url) throws InvalidName {
        if (url == null || url.isBlank()) {
            throw new InvalidName("store url is required, e.g. sqlite:/var/lib/mms/kv.db or nats://127.0.0.1:4222");
        }
        String u = url.strip();
        if (u.startsWith("sqlite:")) {
            String path = u.substring("sqlite:".length());
            if (path.startsWith("//")) {
                path = path.substring(2);
            }
            if (path.isEmpty()) {
                throw new InvalidName("store url '" + url + "' has no database path, e.g. sqlite:/var/lib/mms/kv.db");
            }
            return new Sqlite(Path.of(path));
        }
        List<String> servers = new ArrayList<>();
        for (String part : u.split(",")) {
            String s = part.strip();
            if (!(s.startsWith("nats://") || s.startsWith("tls://")) || s.length() <= "nats://".length()) {
                throw new InvalidName("store url '" + url + "': '" + s + "' is neither sqlite:PATH nor nats://host:port");
            }
            servers.add(s);
        }
        return new Nats(servers);
    }

    /** True when {@code url} parses as a NATS store: the stores with object storage. */
    static boolean isNats(String url) {
        try {
            return parse(url) instanceof Nats;
        } catch (InvalidName e) {
            return false;
        }
    }
}
