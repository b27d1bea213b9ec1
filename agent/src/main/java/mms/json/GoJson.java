package mms.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Values as Go's {@code encoding/json} writes them, where Java's defaults differ: a
 * {@code float64} in its shortest form without a needless {@code .0} ({@code 1}, {@code 0.5},
 * {@code 59.67}), and a {@code time.Time} in RFC 3339 with as many fraction digits as it needs
 * ({@code 2020-12-02T16:02:33Z}, {@code 2020-12-02T16:02:33.5Z}), so that event members read the
 * same as the original's byte for byte.
 */
public final class GoJson {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private GoJson() {}

    /**
     * A {@code float64} member as Go writes it: integral values without a fraction, others in
     * their shortest decimal form. Not-a-number and infinities, which Go refuses to encode, become
     * {@code null}.
     */
    public static JsonNode number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return JsonNodeFactory.instance.nullNode();
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (decimal.scale() <= 0 && decimal.abs().compareTo(BigDecimal.TEN.pow(21)) < 0) {
            return JsonNodeFactory.instance.numberNode(decimal.toBigIntegerExact());
        }
        return DecimalNode.valueOf(decimal);
    }

    /** A {@code time.Time} member in UTC: RFC 3339 with the fraction Go's {@code RFC3339Nano} keeps. */
    public static String time(Instant instant) {
        String text = SECONDS.format(instant);
        int nanos = instant.getNano();
        if (nanos == 0) {
            return text + "Z";
        }
        String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
        return text + "." + fraction + "Z";
    }
}
