import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Merges the package's jars into one, as a JVM of the bundled runtime would see them on its class
 * path: {@code java MergeJars.java FEATURE TIME OUT.jar JAR...} (run by {@code scripts/package}).
 *
 * <p>Why: a command opens every jar of its class path (service and resource lookups, a class it
 * cannot find), and each jar costs its share, a multi-release one more: 29 jars cost a short command
 * some 40 ms of its start. One jar that is not multi-release costs one look.
 * <ul>
 *   <li>Class path order: the first jar holding a path wins, as the class path would have it.</li>
 *   <li>Multi-release jars are resolved for a runtime of feature version {@code FEATURE}: the
 *       highest {@code META-INF/versions/N/} entry with {@code N <= FEATURE} replaces the base one,
 *       which is what that runtime would load.</li>
 *   <li>{@code META-INF/services} files are concatenated in class path order.</li>
 *   <li>Each jar's licence and notice files go to {@code META-INF/licenses/<jar name>/}.</li>
 *   <li>Signatures (of a jar that is no longer the signed one), module descriptors (the class path
 *       ignores them) and the jars' manifests are left out.</li>
 *   <li>Every entry carries {@code TIME} (seconds since the epoch), so the jar is reproducible.</li>
 * </ul>
 */
public final class MergeJars {
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/(\\d+)/(.+)");
    private static final Pattern NOTICE = Pattern.compile("(?i)META-INF/([^/]*(LICEN[CS]E|NOTICE|COPYING)[^/]*)");
    private static final Pattern SIGNATURE = Pattern.compile("(?i)META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
    private static final String SERVICES = "META-INF/services/";
    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: java MergeJars.java FEATURE EPOCH_SECONDS OUT.jar JAR...");
            System.exit(2);
        }
        int feature = Integer.parseInt(args[0]);
        FileTime time = FileTime.fromMillis(Long.parseLong(args[1]) * 1000);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, StringBuilder> services = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            Path jar = Path.of(args[i]);
            for (Map.Entry<String, byte[]> e : resolved(jar, feature).entrySet()) {
                String path = e.getKey();
                if (path.startsWith(SERVICES)) {
                    String text = new String(e.getValue(), StandardCharsets.UTF_8).strip();
                    services.computeIfAbsent(path, p -> new StringBuilder()).append(text).append('\n');
                } else {
                    entries.putIfAbsent(path, e.getValue());
                }
            }
        }
        services.forEach((path, text) -> entries.put(path, text.toString().getBytes(StandardCharsets.UTF_8)));

        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "mms.cli.Main");
        Path out = Path.of(args[2]);
        try (OutputStream file = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(file)) {
            write(jar, MANIFEST, bytes(manifest), time);
            Set<String> directories = new HashSet<>();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                for (int slash = e.getKey().indexOf('/'); slash >= 0; slash = e.getKey().indexOf('/', slash + 1)) {
                    String directory = e.getKey().substring(0, slash + 1);
                    if (directories.add(directory)) {
                        write(jar, directory, new byte[0], time);
                    }
                }
                write(jar, e.getKey(), e.getValue(), time);
            }
        }
    }

    /** The entries of one jar as a runtime of {@code feature} sees them, notices renamed. */
    private static Map<String, byte[]> resolved(Path jar, int feature) throws IOException {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, Integer> versions = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Manifest manifest = zip.getEntry(MANIFEST) == null ? new Manifest()
                    : new Manifest(zip.getInputStream(zip.getEntry(MANIFEST)));
            boolean multiRelease = "true".equalsIgnoreCase(manifest.getMainAttributes().getValue("Multi-Release"));
            for (ZipEntry entry : zip.stream().toList()) {
                String path = entry.getName();
                int version = 0;
                Matcher versioned = VERSIONED.matcher(path);
                if (versioned.matches()) {
                    version = Integer.parseInt(versioned.group(1));
                    if (!multiRelease || version > feature) {
                        continue;
                    }
                    path = versioned.group(2);
                }
                if (entry.isDirectory() || path.equals(MANIFEST) || SIGNATURE.matcher(path).matches()
                        || path.equals("module-info.class")) {
                    continue;
                }
                Matcher notice = NOTICE.matcher(path);
                if (notice.matches()) {
                    path = "META-INF/licenses/" + name + "/" + notice.group(1);
                }
                if (versions.getOrDefault(path, -1) < version) {
                    versions.put(path, version);
                    entries.put(path, zip.getInputStream(entry).readAllBytes());
                }
            }
        }
        return entries;
    }

    private static void write(JarOutputStream jar, String path, byte[] content, FileTime time) throws IOException {
        JarEntry entry = new JarEntry(path);
        entry.setLastModifiedTime(time);
        jar.putNextEntry(entry);
        jar.write(content);
        jar.closeEntry();
    }

    private static byte[] bytes(Manifest manifest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        manifest.write(out);
        return out.toByteArray();
    }

    private MergeJars() {}
}
