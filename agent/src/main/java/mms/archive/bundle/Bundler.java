package mms.archive.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import mms.archive.ArchiveException;
import mms.archive.Installer;
import mms.archive.Sha256Sums;
import mms.digest.Sha256;
import mms.files.AtomicFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Builds a machine archive reproducibly.
 *
 * <p>{@link #bundle} reads {@code name} and {@code version} from {@code machine.yaml}, (re)writes
 * {@code SHA256SUMS} in the machine directory exactly as {@code choria tool sha256} would (every
 * regular file but itself), and writes {@code <name>-<version>.tar.gz} whose single top-level
 * directory is {@code <name>}.
 *
 * <p>Reproducibility: entries in the order of {@code SHA256SUMS} generation (each directory's names
 * sorted by UTF-8 bytes, directories before their contents), every entry with mtime
 * {@value #ENTRY_MTIME} (the epoch), uid/gid 0, empty owner names, mode 0755 for directories and for
 * files the owner can execute, 0644 for other files; names longer than 100 bytes or not ASCII get a
 * PAX {@code path} record written here with the same fixed fields (the tar library's own PAX headers
 * would carry the current user name); gzip header without name, comment or time, OS byte 255
 * (unknown), level 9. The same directory content thus gives the same bytes on every run with the same
 * JDK deflater (zlib); only a different zlib could change the compressed bytes.
 *
 * <p>Refused: a missing {@code machine.yaml} or one without {@code name}/{@code version}, names that
 * cannot be a directory, symbolic links and special files (the archive watcher would refuse them),
 * names with control characters, top-level file names of one character (the {@code SHA256SUMS}
 * grammar of the original cannot list them), files of 8 GiB or more, and an output directory inside
 * the machine directory.
 */
public final class Bundler {

    /** The checksums file written into the machine directory and listed by {@code verify}. */
    public static final String SUMS_FILE = "SHA256SUMS";
    /** Modification time of every entry, seconds since the epoch. */
    public static final long ENTRY_MTIME = 0;

    private static final long MAX_USTAR_SIZE = 077777777777L;
    private static final YAMLMapper YAML = new YAMLMapper();

    private Bundler() {}

    /**
     * Bundles {@code machineDirectory}.
     *
     * @param machineDirectory the directory holding {@code machine.yaml}
     * @param outputDirectory  where the archive is written (created if missing); not inside
     *                         {@code machineDirectory}
     * @param sourceBase       the URL the archive will be served under, e.g.
     *                         {@code https://repo.example.net/machines}; a trailing {@code /} is ignored
     * @return the archive and its {@code machines.json} fields
     * @throws ArchiveException naming the file and reason when the directory cannot be bundled
     */
    public static MachineBundle bundle(Path machineDirectory, Path outputDirectory, String sourceBase)
            throws ArchiveException {
        return bundle(machineDirectory, outputDirectory, sourceBase, Optional.empty(), Optional.empty());
    }

    /**
     * Bundles {@code machineDirectory} under another name or version than {@code machine.yaml} gives
     * ({@code mms bundle --name/--version}). The name becomes the archive's top-level directory, so
     * the machines.json {@code name} and the installed directory; the version only the file name.
     *
     * @param machineDirectory the directory holding {@code machine.yaml}
     * @param outputDirectory  where the archive is written (created if missing); not inside
     *                         {@code machineDirectory}
     * @param sourceBase       the URL the archive will be served under; a trailing {@code /} is ignored
     * @param name             the name to use instead of {@code machine.yaml}'s, when present
     * @param version          the version to use instead of {@code machine.yaml}'s, when present
     * @return the archive and its {@code machines.json} fields
     * @throws ArchiveException naming the file or value and reason when the directory cannot be bundled
     */
    public static MachineBundle bundle(Path machineDirectory, Path outputDirectory, String sourceBase,
                                       Optional<String> name, Optional<String> version) throws ArchiveException {
        Path dir = machineDirectory.toAbsolutePath().normalize();
        Path out = outputDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ArchiveException("machine directory " + dir + " does not exist");
        }
        if (out.startsWith(dir)) {
            throw new ArchiveException("output directory " + out + " must not be inside the machine directory " + dir);
        }
        String[] nameAndVersion = readMachineYaml(dir, name, version);
        String bundleName = nameAndVersion[0];
        String bundleVersion = nameAndVersion[1];
        try {
            List<Item> items = collect(dir);
            Path sums = dir.resolve(SUMS_FILE);
            byte[] sumsBytes = Sha256Sums.generate(dir, Set.of(SUMS_FILE)).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.replace(sums, o -> o.write(sumsBytes));
            if (items.stream().noneMatch(i -> i.relative().equals(SUMS_FILE))) {
                items.add(new Item(SUMS_FILE, false));
                items.sort(Comparator.comparing(Item::walkKey, Bundler::compareKeys));
            }
            Files.createDirectories(out);
            String fileName = bundleName + "-" + bundleVersion + ".tar.gz";
            Path archive = out.resolve(fileName);
            AtomicFiles.replace(archive, o -> {
                OutputStream buffered = new BufferedOutputStream(o, 64 * 1024);
                writeArchive(dir, bundleName, items, buffered);
                buffered.flush();
            });
            String base = sourceBase.endsWith("/") ? sourceBase.substring(0, sourceBase.length() - 1) : sourceBase;
            return new MachineBundle(bundleName, bundleVersion, archive, base + "/" + fileName, Sha256.ofFile(archive),
                    Sha256.of(sumsBytes));
        } catch (IOException e) {
            throw new ArchiveException("bundling " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private static String[] readMachineYaml(Path dir, Optional<String> nameOverride, Optional<String> versionOverride)
            throws ArchiveException {
        Path yaml = dir.resolve("machine.yaml");
        if (!Files.isRegularFile(yaml, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArchiveException("machine directory " + dir + " has no machine.yaml");
        }
        JsonNode root;
        try {
            root = YAML.readTree(yaml.toFile());
        } catch (IOException e) {
            throw new ArchiveException("cannot parse " + yaml + ": " + e.getMessage(), e);
        }
        String name = text(root, "name", yaml);
        String version = text(root, "version", yaml);
        String nameOrigin = "in " + yaml;
        String versionOrigin = "in " + yaml;
        if (nameOverride.isPresent()) {
            name = nameOverride.get();
            nameOrigin = "given";
        }
        if (versionOverride.isPresent()) {
            version = versionOverride.get();
            versionOrigin = "given";
        }
        try {
            Installer.validateCreates(name);
        } catch (ArchiveException e) {
            throw new ArchiveException("name '" + name + "' " + nameOrigin + " cannot be a directory name: "
                    + e.getMessage(), e);
        }
        if (!version.matches("[A-Za-z0-9._+~-]+")) {
            throw new ArchiveException("version '" + version + "' " + versionOrigin
                    + " must consist of letters, digits and . _ + ~ -");
        }
        return new String[] {name, version};
    }

    private static String text(JsonNode root, String key, Path yaml) throws ArchiveException {
        JsonNode node = root == null ? null : root.get(key);
        if (node == null || !node.isValueNode() || node.asText().isBlank()) {
            throw new ArchiveException(yaml + " has no '" + key + "'");
        }
        return node.asText();
    }

    /** One directory or file, relative to the machine directory with '/' separators. */
    private record Item(String relative, boolean directory) {
        List<String> walkKey() {
            return List.of(relative.split("/"));
        }
    }

    /** Walk order: per-directory UTF-8 byte order of names, a directory right before its contents. */
    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareUtf8(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Item> collect(Path dir) throws IOException, ArchiveException {
        List<Item> items = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.filter(p -> !p.equals(dir)).toList();
        }
        for (Path p : all) {
            String relative = dir.relativize(p).toString().replace('\\', '/');
            if (relative.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new ArchiveException("cannot bundle '" + relative.replaceAll("\\p{Cntrl}", "?")
                        + "': names with control characters are refused by the archive watcher");
            }
            BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                items.add(new Item(relative, true));
            } else if (attributes.isRegularFile()) {
                if (!relative.contains("/") && relative.length() == 1) {
                    throw new ArchiveException("cannot bundle '" + relative
                            + "': one-character top-level names cannot be listed in SHA256SUMS");
                }
                if (attributes.size() > MAX_USTAR_SIZE) {
                    throw new ArchiveException("cannot bundle '" + relative + "': files of 8 GiB or more are not supported");
                }
                items.add(new Item(relative, false));
            } else {
                throw new ArchiveException("cannot bundle '" + relative + "': "
                        + (attributes.isSymbolicLink() ? "symbolic links" : "special files")
                        + " are refused by the archive watcher");
            }
        }
        items.sort(Comparator.comparing(Item::walkKey, Bundler::compareKeys));
        return items;
    }

    private static void writeArchive(Path dir, String name, List<Item> items, OutputStream file) throws IOException {
        GzipParameters parameters = new GzipParameters();
        parameters.setCompressionLevel(9);
        parameters.setModificationTime(0);
        parameters.setOperatingSystem(255);
        try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file, parameters);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_ERROR);
            putDirectory(tar, name + "/");
            for (Item item : items) {
                String entryName = name + "/" + item.relative();
                if (item.directory()) {
                    putDirectory(tar, entryName + "/");
                } else {
                    putFile(tar, entryName, dir.resolve(item.relative()));
                }
            }
            tar.finish();
        }
    }

    private static void putDirectory(TarArchiveOutputStream tar, String entryName) throws IOException {
        TarArchiveEntry entry = entry(tar, entryName, TarConstants.LF_DIR, 0755, 0);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void putFile(TarArchiveOutputStream tar, String entryName, Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        int mode = permissions.contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
        long size = Files.size(path);
        TarArchiveEntry entry = entry(tar, entryName, TarConstants.LF_NORMAL, mode, size);
        tar.putArchiveEntry(entry);
        long copied;
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            copied = in.transferTo(tar);
        }
        if (copied != size) {
            throw new IOException(path + " changed size while being bundled");
        }
        tar.closeArchiveEntry();
    }

    /** A header with fixed fields; long or non-ASCII names get a PAX record written here first. */
    private static TarArchiveEntry entry(TarArchiveOutputStream tar, String name, byte type, int mode, long size)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        String headerName = name;
        if (nameBytes.length > TarConstants.NAMELEN || nameBytes.length != name.length()) {
            byte[] record = paxRecord("path", name);
            TarArchiveEntry pax = fixed(new TarArchiveEntry("PaxHeaders/" + shortName(name),
                    TarConstants.LF_PAX_EXTENDED_HEADER_LC, true), 0644, record.length);
            tar.putArchiveEntry(pax);
            tar.write(record);
            tar.closeArchiveEntry();
            headerName = shortName(name) + (type == TarConstants.LF_DIR ? "/" : "");
        }
        return fixed(new TarArchiveEntry(headerName, type, true), mode, size);
    }

    private static TarArchiveEntry fixed(TarArchiveEntry entry, int mode, long size) {
        entry.setMode(mode);
        entry.setSize(size);
        entry.setModTime(FileTime.from(Instant.ofEpochSecond(ENTRY_MTIME)));
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        return entry;
    }

    /** An ASCII stand-in of at most 80 bytes for the ustar name field, which PAX readers ignore. */
    private static String shortName(String name) {
        String ascii = name.replaceAll("[^\\x21-\\x7e]", "_").replaceAll("/+$", "");
        return ascii.length() > 80 ? ascii.substring(ascii.length() - 80) : ascii;
    }

    /** {@code "<len> key=value\n"} where len counts the whole record including its own digits. */
    static byte[] paxRecord(String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int length = body + String.valueOf(body).length();
        if (String.valueOf(length).length() != String.valueOf(body).length()) {
            length = body + String.valueOf(length).length();
        }
        return (length + " " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
    }

}
