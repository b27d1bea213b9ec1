package mms.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Hand-made tar and gzip bytes for tests, with full control over every header field. */
final class Tars {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Tars tar() {
        return new Tars();
    }

    Tars dir(String name) {
        return entry(name, '5', 0755, 0, "", new byte[0]);
    }

    Tars file(String name, String content) {
        return file(name, 0644, content.getBytes(StandardCharsets.UTF_8));
    }

    Tars file(String name, int mode, byte[] content) {
        return entry(name, '0', mode, content.length, "", content);
    }

    /** A header declaring {@code size} followed by {@code data} (which may be shorter or longer). */
    Tars entry(String name, char type, int mode, long size, String link, byte[] data) {
        out.writeBytes(header(name, type, mode, size, link));
        out.writeBytes(data);
        pad(data.length);
        return this;
    }

    Tars raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** The entries followed by the two zero blocks. */
    byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    /** The entries without an end-of-archive marker. */
    byte[] unterminated() {
        return out.toByteArray();
    }

    byte[] tgz() {
        return gzip(bytes());
    }

    private void pad(long length) {
        int rest = (int) (length % 512);
        if (rest != 0) {
            out.writeBytes(new byte[512 - rest]);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] header(String name, char type, int mode, long size, String link) {
        byte[] h = new byte[512];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        if (size > 077777777777L) {
            h[124] = (byte) 0x80;
            for (int i = 0; i < 8; i++) {
                h[135 - i] = (byte) (size >>> (8 * i));
            }
        } else {
            octal(h, 124, 12, size);
        }
        octal(h, 136, 12, 0);
        h[156] = (byte) type;
        put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        put(h, 148, 8, checksum);
        return h;
    }

    private static void put(byte[] h, int offset, int length, byte[] value) {
        if (value.length > length) {
            throw new IllegalArgumentException("field too long: " + new String(value, StandardCharsets.UTF_8));
        }
        System.arraycopy(value, 0, h, offset, value.length);
    }

    private static void octal(byte[] h, int offset, int length, long value) {
        String text = String.format("%0" + (length - 1) + "o", value);
        put(h, offset, length, (text + "\0").getBytes(StandardCharsets.US_ASCII));
    }
}
