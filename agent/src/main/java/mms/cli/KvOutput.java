package mms.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import mms.duration.GoDuration;
import mms.kv.BucketStatus;
import mms.kv.InvalidName;
import mms.kv.KvException;
import mms.kv.KvNames;

/** Output shapes and checks shared by the {@code mms kv} verbs, close to {@code choria kv}. */
final class KvOutput {
    /** Go's RFC822: {@code 02 Jan 06 15:04 MST}. */
    static final DateTimeFormatter RFC822 = DateTimeFormatter.ofPattern("dd MMM yy HH:mm zzz", Locale.ROOT);
    static final DateTimeFormatter WATCH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private KvOutput() {}

    static String bucket(String name) {
        try {
            return KvNames.bucket(name);
        } catch (InvalidName e) {
            throw new CliException(e.getMessage());
        }
    }

    static String key(String key) {
        try {
            return KvNames.key(key);
        } catch (InvalidName e) {
            throw new CliException(e.getMessage());
        }
    }

    /** A store failure as a one-line CLI error. */
    static CliException failed(KvException e) {
        return new CliException(e.getMessage(), 1, e);
    }

    static String time(Instant t, DateTimeFormatter format) {
        return format.format(t.atZone(ZoneId.systemDefault()));
    }

    /**
     * The value as text when it is printable (ASCII 0x20-0x7e plus tab and line breaks, which the
     * original would base64 but which JSON documents are full of), else its base64.
     */
    static String printable(byte[] value) {
        for (byte b : value) {
            if ((b < 0x20 || b > 0x7e) && b != '\n' && b != '\r' && b != '\t') {
                return Base64.getEncoder().encodeToString(value);
            }
        }
        return new String(value, StandardCharsets.US_ASCII);
    }

    /** {@code choria kv status}'s block; {@code values} false leaves out {@code Values Stored} as {@code kv add} does. */
    static void status(PrintWriter out, BucketStatus s, boolean values) {
        out.println(s.bucket() + " Key-Value Store");
        out.println();
        line(out, "Bucket Name", s.bucket());
        if (values) {
            line(out, "Values Stored", Long.toString(s.values()));
        }
        line(out, "History", Integer.toString(s.history()));
        line(out, "TTL", GoDuration.format(s.ttl()));
        line(out, "Storage Replicas", Integer.toString(s.replicas()));
        line(out, "Storage", s.storage().name().toLowerCase(Locale.ROOT));
        if (values) {
            line(out, "Bytes Stored", Long.toString(s.bytes()));
        }
        line(out, "Backing Store", s.backingStore());
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("%17s: %s%n", label, value);
    }

    /** A left-aligned table with a header row. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] width = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (int r = 0; r < all.size(); r++) {
            StringBuilder line = new StringBuilder();
            List<String> row = all.get(r);
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : " | ").append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), width[i]));
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                StringBuilder sep = new StringBuilder();
                for (int i = 0; i < width.length; i++) {
                    sep.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
                }
                out.println(sep);
            }
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    /**
     * Asks {@code question (y/N)} on the terminal; anything but y/yes, or no input, declines and
     * prints {@code Skipping}.
     */
    static boolean confirm(PrintWriter out, String question) {
        boolean yes = ask(out, question);
        if (!yes) {
            out.println("Skipping");
        }
        return yes;
    }

    /** Asks a yes/no question on the terminal; anything but y/yes (or no answer) is no. */
    static boolean ask(PrintWriter out, String question) {
        out.print(question + " (y/N) ");
        out.flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
    }
}
