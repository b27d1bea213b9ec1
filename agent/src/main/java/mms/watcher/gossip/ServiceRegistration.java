package mms.watcher.gossip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import mms.json.Json;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * A service registration ({@code registration} of a gossip watcher): where a service of this node
 * listens, published into the service registry the original keeps in the Key-Value bucket
 * {@code CHORIA_SERVICES}, one key per machine instance.
 *
 * @param cluster     {@code cluster}: the cluster the service belongs to; required, a name
 * @param service     {@code service}: the service name; required, a name
 * @param protocol    {@code protocol}: how to talk to it, e.g. {@code http}; required, a name
 * @param ip          {@code ip}: the address it listens on, an IPv4 or IPv6 literal; required
 * @param port        {@code port}: the port it listens on; required, not 0
 * @param priority    {@code priority}: for consumers choosing between instances; default 0
 * @param annotations {@code annotations}: free-form text values (templates, rendered at each publication); default none
 * @param prefix      {@code prefix}: the subject prefix instead of {@value #DEFAULT_PREFIX}
 *                    (a template); empty for the default
 *
 * <p>A name is a letter followed by letters, digits, {@code _} or {@code -}. Numbers cannot be
 * negative (they are unsigned in the original).
 */
public record ServiceRegistration(String cluster, String service, String protocol, String ip, long port,
                                  long priority, Map<String, String> annotations, String prefix) {

    /** The subject prefix of the original's service registry: the KV bucket {@code CHORIA_SERVICES}. */
    public static final String DEFAULT_PREFIX = "$KV.CHORIA_SERVICES";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]*");
    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    /** Copies the annotations, sorted by key as the original writes them. */
    public ServiceRegistration {
        Objects.requireNonNull(prefix, "prefix");
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /**
     * Reads a {@code registration} mapping, checking it in the original's order: cluster,
     * service, protocol, ip, port.
     *
     * @throws WatcherConfigException naming the bad key ({@code registration.cluster}) and value
     */
    static ServiceRegistration parse(WatcherProperties r) throws WatcherConfigException {
        String cluster = name(r, "cluster");
        String service = name(r, "service");
        String protocol = name(r, "protocol");
        String ip = r.requiredString("ip");
        if (!isIpLiteral(ip)) {
            throw r.bad("ip", ip, "is not an IP address (an IPv4 or IPv6 literal, not a host name)");
        }
        long port = unsigned(r, "port");
        if (port == 0) {
            throw r.has("port") ? r.bad("port", r.raw("port").orElseThrow(), "is not a port") : r.missing("port");
        }
        return new ServiceRegistration(cluster, service, protocol, ip, port, unsigned(r, "priority"),
                r.stringMap("annotations"), r.string("prefix", ""));
    }

    private static String name(WatcherProperties r, String key) throws WatcherConfigException {
        String value = r.requiredString(key);
        if (!NAME.matcher(value).matches()) {
            throw r.bad(key, value, "is invalid: it must be a letter followed by letters, digits, _ or -");
        }
        return value;
    }

    private static long unsigned(WatcherProperties r, String key) throws WatcherConfigException {
        long value = r.integer(key, 0);
        if (value < 0) {
            throw r.bad(key, value, "is negative");
        }
        return value;
    }

    /** What Go's {@code net.ParseIP} accepts: dotted-decimal IPv4 without leading zeros, or IPv6 without zone. */
    static boolean isIpLiteral(String text) {
        if (IPV4.matcher(text).matches()) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!text.contains(":") || text.contains("%") || text.contains("[")) {
            return false;
        }
        try {
            InetAddress.ofLiteral(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The subject (a template when the prefix is one) this registration is published on:
     * {@code <prefix>.<cluster>.<protocol>.<service>.<instance id>}, so the key in the
     * {@code CHORIA_SERVICES} bucket is {@code <cluster>.<protocol>.<service>.<instance id>}.
     *
     * @param instanceId the machine's instance id, new at every load
     */
    public String subject(String instanceId) {
        return (prefix.isEmpty() ? DEFAULT_PREFIX : prefix) + "." + cluster + "." + protocol + "." + service + "."
                + instanceId;
    }

    /** This registration with other annotations (their rendered values). */
    public ServiceRegistration withAnnotations(Map<String, String> rendered) {
        return new ServiceRegistration(cluster, service, protocol, ip, port, priority, rendered, prefix);
    }

    /**
     * The payload, byte for byte as the original writes it:
     * {@code {"cluster","service","protocol","address","port","priority","annotations"}}, the
     * annotations sorted by key and left out when there are none.
     */
    public String json() {
        ObjectNode json = Json.object();
        json.put("cluster", cluster);
        json.put("service", service);
        json.put("protocol", protocol);
        json.put("address", ip);
        json.put("port", port);
        json.put("priority", priority);
        if (!annotations.isEmpty()) {
            ObjectNode a = json.putObject("annotations");
            annotations.forEach(a::put);
        }
        return Json.write(json);
    }
}
