package mms.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mms.archive.FileFailure.Reason;
import mms.digest.Sha256;

/**
 * {@code SHA256SUMS} files: parsing, verification of a directory, and generation.
 *
 * <p><b>Grammar</b> (the original's, {@code formats.md} §1.1): lines split on {@code \n}, one trailing
 * {@code \r} removed, empty lines skipped, every other line must match
 * {@code ^([a-z0-9]+)\s+(\S.+)$} in full ({@code \s} being space, tab, CR, LF, FF) or the whole file
 * is refused with {@code invalid sums file: malformed line N}. The name runs to the end of the line,
 * trailing spaces included. Lines longer than 64 KiB are refused. One extension: GNU's binary marker,
 * {@code <hash> *<name>} with exactly one space, is understood and the {@code *} removed; with two
 * spaces a leading {@code *} stays part of the name, as in GNU {@code sha256sum}.
 *
 * <p><b>Verification</b> differs from the original where it was unsafe: names that are absolute or
 * contain a {@code ..} segment are failures instead of being followed outside the directory, symbolic
 * links are not followed, a line naming the checksums file itself is skipped (it cannot contain its
 * own digest; {@code verify_checksum} protects it), and {@code strict} reports files not listed.
 *
 * <p><b>Generation</b> matches {@code choria tool sha256} byte for byte ({@code formats.md} §1.2).
 */
public final class Sha256Sums {

    /** Longest accepted line, as Go's {@code bufio.Scanner} default. */
    static final int MAX_LINE = 64 * 1024;

    private static final Pattern LINE =
            Pattern.compile("([a-z0-9]+)([\\t\\n\\f\\r ]+)([^\\t\\n\\f\\r ].+)", Pattern.DOTALL);

    private final List<ChecksumEntry> entries;

    private Sha256Sums(List<ChecksumEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The parsed lines in file order (empty lines omitted). */
    public List<ChecksumEntry> entries() {
        return entries;
    }

    /**
     * Parses checksums file content.
     *
     * @param content the file's text, never {@code null}
     * @throws InvalidChecksumsException {@code invalid sums file: malformed line N} or a line too long
     */
    public static Sha256Sums parse(String content) throws InvalidChecksumsException {
        List<ChecksumEntry> entries = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            if (line.length() > MAX_LINE) {
                throw new InvalidChecksumsException(
                        "invalid sums file: line " + number + " is longer than " + MAX_LINE + " characters");
            }
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new InvalidChecksumsException("invalid sums file: malformed line " + number);
            }
            String name = m.group(3);
            if (m.group(2).equals(" ") && name.startsWith("*") && name.length() > 1) {
                name = name.substring(1);
            }
            entries.add(new ChecksumEntry(number, m.group(1), name));
        }
        return new Sha256Sums(entries);
    }

    /**
     * Reads and parses a checksums file (UTF-8; invalid bytes become U+FFFD and so never match).
     *
     * @throws IOException               when the file cannot be read
     * @throws InvalidChecksumsException when it is malformed
     */
    public static Sha256Sums read(Path file) throws IOException, InvalidChecksumsException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /**
     * Verifies {@code directory} against these lines. Every listed file must be a regular file inside
     * the directory (not reached through a symbolic link) with the listed digest. Processing continues
     * after a failure, so the result lists every failing file.
     *
     * @param directory the base directory, never {@code null}
     * @param ownName   the checksums file's name relative to {@code directory}; a line naming it is
     *                  skipped and, in strict mode, it is not reported as unlisted
     * @param strict    also report files present but not listed
     * @return the failures, empty when the directory verified
     * @throws IOException when a listed file exists but cannot be read, or the directory cannot be walked
     */
    public VerificationResult verify(Path directory, String ownName, boolean strict) throws IOException {
        Path base = directory.toAbsolutePath().normalize();
        Path realBase = base.toRealPath();
        String own = normalisedName(ownName);
        List<FileFailure> failures = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        int checked = 0;
        for (ChecksumEntry entry : entries) {
            String name = normalisedName(entry.name());
            if (name != null && name.equals(own)) {
                continue;
            }
            checked++;
            if (name == null) {
                failures.add(new FileFailure(entry.name(), Reason.ESCAPES_DIRECTORY,
                        "line " + entry.line() + " names an absolute path or a '..' segment"));
                continue;
            }
            listed.add(name);
            Path file = base.resolve(name);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                failures.add(new FileFailure(entry.name(), Reason.MISSING, ""));
                continue;
            }
            if (!attributes.isRegularFile()) {
                failures.add(new FileFailure(entry.name(), Reason.NOT_A_REGULAR_FILE, typeOf(attributes)));
                continue;
            }
            if (!file.toRealPath().startsWith(realBase)) {
                failures.add(new FileFailure(entry.name(), Reason.NOT_A_REGULAR_FILE,
                        "reached through a symbolic link"));
                continue;
            }
            String actual;
            try {
                actual = Sha256.ofFile(file);
            } catch (IOException e) {
                throw new IOException("could not checksum file " + file + ": " + e.getMessage(), e);
            }
            if (!actual.equals(entry.sha256())) {
                failures.add(new FileFailure(entry.name(), Reason.MISMATCH,
                        "expected " + entry.sha256() + ", got " + actual));
            }
        }
        if (strict) {
            for (String present : presentFiles(base)) {
                if (!listed.contains(present) && !present.equals(own)) {
                    failures.add(new FileFailure(present, Reason.UNLISTED, ""));
                }
            }
        }
        return new VerificationResult(checked, failures);
    }

    /**
     * The archive watcher's content verification: {@code directory/sumsName} must be a regular file
     * whose SHA-256 is {@code sumsSha256}, then every line is verified.
     *
     * @param directory  the directory to check, e.g. {@code <target>/<creates>}
     * @param sumsName   the {@code verify} property, e.g. {@code SHA256SUMS}
     * @param sumsSha256 the {@code verify_checksum} property (any case)
     * @param strict     also fail on unlisted files
     * @return per-file results
     * @throws InvalidChecksumsException  when the checksums file is missing or malformed
     * @throws ChecksumMismatchException  when the checksums file's own digest differs
     * @throws ArchiveException           when {@code sumsSha256} is not a digest
     * @throws IOException                when reading fails
     */
    public static VerificationResult verifyDirectory(Path directory, String sumsName, String sumsSha256,
                                                     boolean strict) throws IOException, ArchiveException {
        String expected = Checksum.normalise("verify_checksum", sumsSha256);
        String own = normalisedName(sumsName);
        if (own == null) {
            throw new InvalidChecksumsException("checksums file name '" + sumsName + "' must be a relative path");
        }
        Path sums = directory.resolve(own);
        // named from the archive's top directory: the directory itself may be a temporary extraction
        // that is gone by the time anyone reads the message, and a stable message is reported once
        String top = directory.getFileName() == null ? "" : directory.getFileName() + "/";
        if (!Files.isRegularFile(sums, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidChecksumsException("checksums file " + sumsName + " does not exist in " + top);
        }
        String actual = Sha256.ofFile(sums);
        if (!actual.equals(expected)) {
            throw new ChecksumMismatchException("checksums file " + top + own, expected, actual);
        }
        return read(sums).verify(directory, own, strict);
    }

    /**
     * {@code choria tool sha256 DIR}: one {@code <hex>  <relative/path>\n} line per regular file,
     * directories walked in lexical byte order of names (Go's {@code filepath.Walk}), hidden files
     * included, symbolic links and special files skipped.
     *
     * @throws IOException when the directory cannot be walked or a file read
     */
    public static String generate(Path directory) throws IOException {
        return generate(directory, Set.of());
    }

    /**
     * As {@link #generate(Path)} but leaving out the given relative paths ({@code /}-separated), e.g.
     * the {@code SHA256SUMS} being written.
     *
     * @throws IOException when the directory cannot be walked or a file read
     */
    public static String generate(Path directory, Set<String> excluded) throws IOException {
        Objects.requireNonNull(excluded, "excluded");
        StringBuilder out = new StringBuilder();
        for (String name : regularFilesInWalkOrder(directory)) {
            if (!excluded.contains(name)) {
                out.append(Sha256.ofFile(directory.resolve(name))).append("  ").append(name).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Relative {@code /}-separated paths of the regular files under {@code directory}, in the order
     * Go's {@code filepath.Walk} visits them: each directory's names sorted by UTF-8 bytes.
     */
    static List<String> regularFilesInWalkOrder(Path directory) throws IOException {
        List<String> out = new ArrayList<>();
        walk(directory, "", out);
        return out;
    }

    private static void walk(Path dir, String prefix, List<String> out) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = new ArrayList<>(list.toList());
        }
        children.sort(Comparator.comparing(p -> p.getFileName().toString(), Sha256Sums::compareUtf8));
        for (Path child : children) {
            String name = prefix + child.getFileName();
            BasicFileAttributes attributes =
                    Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isDirectory()) {
                walk(child, name + "/", out);
            } else if (attributes.isRegularFile()) {
                out.add(name);
            }
        }
    }

    static int compareUtf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Every non-directory under {@code base} (links and special files too), relative with '/'. */
    private static List<String> presentFiles(Path base) throws IOException {
        try (Stream<Path> all = Files.walk(base)) {
            return all.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> base.relativize(p).toString().replace('\\', '/'))
                    .sorted(Sha256Sums::compareUtf8)
                    .toList();
        }
    }

    /**
     * {@code a//b/./c} → {@code a/b/c}; {@code null} for absolute names, {@code ..} segments, names
     * that are empty after normalisation or invalid for the platform.
     */
    static String normalisedName(String name) {
        if (name.startsWith("/") || name.indexOf('\0') >= 0) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                return null;
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            return null;
        }
        String joined = String.join("/", segments);
        try {
            Path.of(joined);
        } catch (InvalidPathException e) {
            return null;
        }
        return joined;
    }

    private static String typeOf(BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "it is a directory";
        }
        if (attributes.isSymbolicLink()) {
            return "it is a symbolic link";
        }
        return "it is a special file";
    }
}
