package mms.watcher.httpswitch;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of an httpswitch watcher. None is required, as in the original.
 *
 * @param onWhen      {@code on_when}: machine states in which the switch reports on (without
 *                    firing a transition); default none
 * @param offWhen     {@code off_when}: machine states in which it reports off; default none
 * @param disableWhen {@code disable_when}: machine states in which switching over HTTP is
 *                    refused ({@code watcher is disabled}); default none
 * @param annotations {@code annotations}: text copied into every state notification, sorted by
 *                    key as the original writes them; default none
 */
public record HttpSwitchProperties(List<String> onWhen, List<String> offWhen, List<String> disableWhen,
                                   Map<String, String> annotations) {

    /** Copies the lists and the annotations. */
    public HttpSwitchProperties {
        onWhen = List.copyOf(onWhen);
        offWhen = List.copyOf(offWhen);
        disableWhen = List.copyOf(disableWhen);
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /**
     * Reads the properties; a single state where a list is expected is a one-element list.
     *
     * @throws WatcherConfigException naming the bad property and value
     */
    public static HttpSwitchProperties parse(WatcherProperties p) throws WatcherConfigException {
        return new HttpSwitchProperties(p.strings("on_when"), p.strings("off_when"), p.strings("disable_when"),
                p.stringMap("annotations"));
    }
}
