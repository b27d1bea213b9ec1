package mms.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The node's default identity, chosen as the original chooses it, so that {@code identity()}
 * matchers, purges and status records name a node the same under both agents: the host name when
 * it already has more than one dot, else the name DNS gives the host's first IPv4 address (unless
 * that is {@code localhost}), else the host name as it is.
 *
 * <p>The original would also ask Puppet's {@code facter} before settling for a short host name;
 * mms does not run facter (set {@code identity} where that matters).
 */
public final class Identity {
    private Identity() {}

    /** The default identity: see the class description. Looked up once per process. */
    public static String defaultIdentity() {
        return Default.NAME;
    }

    /** Holds the default identity, looked up when first asked for. */
    private static final class Default {
        static final String NAME = choose(hostname(), Identity::dnsFqdn);
    }

    /**
     * The choice, given the host name and a DNS lookup of it.
     *
     * @param hostname the host name
     * @param dns      from a host name, the name DNS gives its first IPv4 address, without the
     *                 trailing dot; empty when it has none
     */
    static String choose(String hostname, Function<String, Optional<String>> dns) {
        if (hostname.chars().filter(c -> c == '.').count() > 1) {
            return hostname; // already fully qualified: no lookup, as the original
        }
        return dns.apply(hostname).filter(name -> !name.isEmpty() && !name.equals("localhost")).orElse(hostname);
    }

    /** The kernel's host name, else the resolver's, else {@code unknown}. */
    public static String hostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The reverse lookup of the first IPv4 address {@code hostname} resolves to (hosts file or DNS). */
    private static Optional<String> dnsFqdn(String hostname) {
        try {
            Optional<InetAddress> first = Arrays.stream(InetAddress.getAllByName(hostname))
                    .filter(Inet4Address.class::isInstance).findFirst();
            if (first.isEmpty()) {
                return Optional.empty();
            }
            String name = first.get().getCanonicalHostName();
            // the JDK answers the address itself when the reverse lookup finds no name
            return name.equals(first.get().getHostAddress()) ? Optional.empty()
                    : Optional.of(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
