package mms.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests (the Java client
 * writes the format but has no parser). Every line must be a {@code # HELP}, {@code # TYPE}, other
 * comment or sample line; every sample must belong to the family of the {@code # TYPE} line before
 * it, families must not be interleaved or repeated, series must be unique, and histogram buckets
 * must be cumulative up to {@code le="+Inf"}, which equals {@code _count}. A violation throws
 * {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"(,|$)");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> helps = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {}

    /** Parses {@code text}. @throws IllegalArgumentException naming the line that breaks the format */
    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line does not end with a newline");
        }
        PrometheusText parsed = new PrometheusText();
        String family = null;
        Set<String> series = new HashSet<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = TYPE.matcher(line)).matches()) {
                if (parsed.types.putIfAbsent(m.group(1), m.group(2)) != null) {
                    throw bad(number, line, "a second TYPE for " + m.group(1));
                }
                family = m.group(1);
            } else if ((m = HELP.matcher(line)).matches()) {
                if (parsed.helps.put(m.group(1), m.group(2)) != null) {
                    throw bad(number, line, "a second HELP for " + m.group(1));
                }
            } else if (line.startsWith("#")) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (family == null || !belongsTo(name, family, parsed.types.get(family))) {
                    throw bad(number, line, "sample outside the family of the TYPE line before it (" + family + ")");
                }
                Map<String, String> labels = labels(number, line, m.group(3) == null ? "" : m.group(3));
                if (!series.add(name + labels)) {
                    throw bad(number, line, "the same series twice");
                }
                parsed.samples.add(new Sample(name, labels, value(number, line, m.group(4))));
            } else {
                throw bad(number, line, "neither a comment nor a sample");
            }
        }
        parsed.checkHistograms();
        return parsed;
    }

    /** The families declared by TYPE lines, in order. */
    public Set<String> families() {
        return types.keySet();
    }

    /** A family's type. */
    public Optional<String> type(String family) {
        return Optional.ofNullable(types.get(family));
    }

    /** A family's HELP text. */
    public Optional<String> help(String family) {
        return Optional.ofNullable(helps.get(family));
    }

    /** Every sample. */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The samples called {@code name}. */
    public List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the series {@code name} whose labels include {@code labels}, when exactly one matches. */
    public Optional<Double> value(String name, Map<String, String> labels) {
        List<Sample> matching = samples(name).stream()
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (matching.size() > 1) {
            throw new IllegalArgumentException(matching.size() + " series of " + name + " match " + labels + ": " + matching);
        }
        return matching.stream().findFirst().map(Sample::value);
    }

    private static boolean belongsTo(String sample, String family, String type) {
        return switch (type) {
            case "histogram" -> sample.equals(family + "_bucket") || sample.equals(family + "_sum")
                    || sample.equals(family + "_count");
            case "summary" -> sample.equals(family) || sample.equals(family + "_sum") || sample.equals(family + "_count");
            default -> sample.equals(family);
        };
    }

    private static Map<String, String> labels(int number, String line, String text) {
        Map<String, String> labels = new TreeMap<>();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw bad(number, line, "malformed labels at '" + text.substring(at) + "'");
            }
            String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            if (labels.put(m.group(1), value) != null) {
                throw bad(number, line, "label " + m.group(1) + " twice");
            }
            at = m.end();
        }
        return labels;
    }

    private static double value(int number, String line, String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw bad(number, line, "value '" + text + "' is not a number");
                }
            }
        };
    }

    /** Buckets cumulative and ending at +Inf, which equals the count, for every histogram series. */
    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
            for (Sample s : samples(family + "_bucket")) {
                Map<String, String> series = new TreeMap<>(s.labels());
                if (series.remove("le") == null) {
                    throw new IllegalArgumentException(family + "_bucket without le: " + s);
                }
                buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
            }
            buckets.forEach((series, list) -> {
                double previous = 0;
                for (Sample b : list) {
                    if (b.value() < previous) {
                        throw new IllegalArgumentException(family + " buckets are not cumulative: " + list);
                    }
                    previous = b.value();
                }
                if (!list.getLast().labels().get("le").equals("+Inf")) {
                    throw new IllegalArgumentException(family + " does not end with le=\"+Inf\": " + list);
                }
                double count = value(family + "_count", series).orElseThrow(
                        () -> new IllegalArgumentException(family + "_count missing for " + series));
                if (count != previous) {
                    throw new IllegalArgumentException(family + "_count " + count + " differs from le=\"+Inf\" " + previous);
                }
            });
        });
    }

    private static IllegalArgumentException bad(int number, String line, String why) {
        return new IllegalArgumentException("line " + number + ": " + why + ": " + line);
    }
}
