package mms.watcher.file;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Octal permission modes such as {@code 0640}, limited to the nine permission bits. */
final class FileMode {
    static final int MAX = 0777;

    private FileMode() {}

    /**
     * Parses an octal mode ({@code 0700}, {@code 700} or {@code 0o700}).
     *
     * @throws IllegalArgumentException with a lowercase reason
     */
    static int parse(String text) {
        String t = text.strip();
        if (t.startsWith("0o") || t.startsWith("0O")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new IllegalArgumentException("must be an octal mode like 0700");
        }
        int mode;
        try {
            mode = Integer.parseInt(t, 8);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be an octal mode like 0700");
        }
        if (mode > MAX) {
            // java.nio exposes only the nine permission bits; setuid, setgid and sticky cannot be set
            throw new IllegalArgumentException("sets bits beyond 0777 (setuid, setgid, sticky), which are not supported");
        }
        return mode;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                out.add(order[bit]);
            }
        }
        return out;
    }

    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < 9; bit++) {
            if (permissions.containsAll(permissions(1 << bit))) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }

    static String format(int mode) {
        return String.format("%04o", mode);
    }
}
