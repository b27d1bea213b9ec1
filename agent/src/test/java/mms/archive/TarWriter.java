package mms.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds test archives with commons-compress, the way real tools write them (GNU long names, PAX
 * records), plus raw PAX headers that a hostile archive can place in front of any entry.
 */
final class TarWriter {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    private TarWriter(int longFileMode) {
        tar = new TarArchiveOutputStream(bytes, "UTF-8");
        tar.setLongFileMode(longFileMode);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** Long names as GNU tar writes them: a {@code ././@LongLink} entry of type {@code L} or {@code K}. */
    static TarWriter gnu() {
        return new TarWriter(TarArchiveOutputStream.LONGFILE_GNU);
    }

    /** Long names as PAX {@code path} / {@code linkpath} records. */
    static TarWriter posix() {
        return new TarWriter(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    TarWriter dir(String name) {
        return dir(name, 0755);
    }

    TarWriter dir(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        return put(entry, new byte[0]);
    }

    TarWriter file(String name, String content) {
        return file(name, 0644, content);
    }

    TarWriter file(String name, int mode, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
        entry.setSize(data.length);
        return put(entry, data);
    }

    /** A symbolic ({@code hard == false}) or hard link. */
    TarWriter link(String name, String target, boolean hard) {
        TarArchiveEntry entry = new TarArchiveEntry(name, hard ? TarConstants.LF_LINK : TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        return put(entry, new byte[0]);
    }

    /** A PAX extended header ({@code x}) holding {@code records} verbatim, applying to the next entry. */
    TarWriter pax(Map<String, String> records) {
        byte[] data = paxRecords(records);
        TarArchiveEntry header = new TarArchiveEntry("PaxHeaders/next", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        header.setSize(data.length);
        return put(header, data);
    }

    /**
     * An archive starting with a PAX global header ({@code g}) holding {@code records} verbatim,
     * applying to every entry. Written by hand: commons-compress interprets a {@code path} record
     * instead of writing it.
     */
    static TarWriter posixAfterGlobalHeader(Map<String, String> records) {
        TarWriter writer = posix();
        byte[] data = paxRecords(records);
        writer.bytes.writeBytes(Tars.tar().entry("pax_global_header", 'g', 0644, data.length, "", data).unterminated());
        return writer;
    }

    private static byte[] paxRecords(Map<String, String> records) {
        StringBuilder body = new StringBuilder();
        records.forEach((key, value) -> body.append(paxRecord(key, value)));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code <length> key=value\n}, where the length counts the whole record including itself. */
    private static String paxRecord(String key, String value) {
        int rest = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int length = rest + String.valueOf(rest).length();
        if (String.valueOf(length).length() != String.valueOf(rest).length()) {
            length++;
        }
        return length + " " + key + "=" + value + "\n";
    }

    TarWriter put(TarArchiveEntry entry, byte[] data) {
        try {
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The archive, terminated and gzip compressed. */
    byte[] tgz() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Tars.gzip(bytes.toByteArray());
    }
}
