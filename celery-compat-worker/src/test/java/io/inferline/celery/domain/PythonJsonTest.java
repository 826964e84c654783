package io.inferline.celery.domain;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected values are what CPython 3.11's json.dumps printed for the same input. */
class PythonJsonTest {

    @Test
    void floatsAreWrittenAsPythonsReprWritesThem() {
        double[] values = {0.5, 1e-05, 1e16, 1e15, 2.0, 0.1 + 0.2, -0.0, 123456789.123, 1e-4, 1.5e300, 5e-324,
                1.0 / 3, -2.5e-7, 12345678901234567890.0, 100.0, 0.001};
        List<String> python = List.of("0.5", "1e-05", "1e+16", "1000000000000000.0", "2.0", "0.30000000000000004",
                "-0.0", "123456789.123", "0.0001", "1.5e+300", "5e-324", "0.3333333333333333", "-2.5e-07",
                "1.2345678901234567e+19", "100.0", "0.001");
        assertEquals(python, Arrays.stream(values).mapToObj(PythonJson::dumps).toList());
    }

    @Test
    void stringsAreAsciiWithPythonsEscapesAndSeparatorsHaveSpaces() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", List.of(1, "h\u00e9llo \u2603 \uD83D\uDE00", "q\"\\\n\t\u0001\u007f/"));
        value.put("b", null);
        value.put("c", true);
        assertEquals("{\"a\": [1, \"h\\u00e9llo \\u2603 \\ud83d\\ude00\", \"q\\\"\\\\\\n\\t\\u0001\\u007f/\"], "
                + "\"b\": null, \"c\": true}", PythonJson.dumps(value));
    }

    @Test
    void integersOfEverySizeStayIntegers() {
        assertEquals("[3, 9007199254740993, 123456789012345678901234567890]", PythonJson.dumps(List.of(3,
                9007199254740993L, new java.math.BigInteger("123456789012345678901234567890"))));
    }
}
