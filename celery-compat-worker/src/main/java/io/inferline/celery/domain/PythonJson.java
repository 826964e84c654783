package io.inferline.celery.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;

/**
 * JSON exactly as Python's {@code json.dumps} writes it with its defaults, which is what kombu uses for Celery's
 * result backend: {@code ", "} and {@code ": "} separators, every non-ASCII character escaped
 * ({@code ensure_ascii}), floats as Python's {@code repr} writes them ({@code 1e-05}, {@code 1e+16}, {@code 2.0}),
 * and maps in their own order. Celery clients do not need byte equality, but operators comparing a value written
 * here with one written by a Python worker should see no difference.
 */
public final class PythonJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonJson() {
    }

    public static String dumps(Object value) {
        var out = new StringBuilder(128);
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case CharSequence s -> string(s, out);
            case Double d -> out.append(pythonFloat(d));
            case Float f -> out.append(pythonFloat(f.doubleValue()));
            case BigDecimal d -> out.append(pythonFloat(d.doubleValue()));
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Short s -> out.append(s);
            case Byte b -> out.append(b);
            case BigInteger i -> out.append(i);
            case Map<?, ?> map -> object(map, out);
            case Collection<?> items -> array(items, out);
            case Object[] items -> array(java.util.Arrays.asList(items), out);
            default -> throw new IllegalArgumentException("not JSON: " + value.getClass().getName());
        }
    }

    private static void object(Map<?, ?> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (var entry : map.entrySet()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            string(String.valueOf(entry.getKey()), out);
            out.append(": ");
            write(entry.getValue(), out);
        }
        out.append('}');
    }

    private static void array(Collection<?> items, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            write(item, out);
        }
        out.append(']');
    }

    /** CPython's {@code encode_basestring_ascii}: printable ASCII as is, everything else escaped. */
    private static void string(CharSequence s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= ' ' && c <= '~') {
                        out.append(c);
                    } else {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Python's {@code float.__repr__}: the shortest digits that read back as the same double (the nearest such when
     * there are several), in positional notation unless the decimal exponent is below -4 or above 15, then as
     * {@code d.ddde±XX}. {@link Double#toString} is not quite it: it writes at least two digits ({@code 4.9E-324}
     * where Python writes {@code 5e-324}).
     */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestDigits(Math.abs(d));
        String digits = shortest.unscaledValue().toString();
        int point = digits.length() - shortest.scale(); // value = 0.<digits> x 10^point
        var out = new StringBuilder(d < 0 ? "-" : "");
        if (point > 16 || point < -3) {
            int exponent = point - 1;
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            out.append(abs < 10 ? "0" : "").append(abs);
        } else if (point <= 0) {
            out.append("0.").append("0".repeat(-point)).append(digits);
        } else if (point >= digits.length()) {
            out.append(digits).append("0".repeat(point - digits.length())).append(".0");
        } else {
            out.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return out.toString();
    }

    private static BigDecimal shortestDigits(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
