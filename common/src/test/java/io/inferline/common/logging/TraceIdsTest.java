package io.inferline.common.logging;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceIdsTest {

    @Test
    void aCallersPlainTraceIdIsKept() {
        assertEquals("req-42.a_b", TraceIds.choose("req-42.a_b", null));
    }

    @Test
    void aW3cTraceparentGivesItsTraceIdWhenNoXTraceIdIsSent() {
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                TraceIds.choose(null, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    }

    @Test
    void anUnsafeOrOverlongIdIsReplacedByANewOne() {
        String injected = TraceIds.choose("abc\n{\"level\":\"ERROR\"}", "garbage");
        String overlong = TraceIds.choose("x".repeat(65), null);

        assertTrue(injected.matches("[0-9a-f]{32}"), injected);
        assertTrue(overlong.matches("[0-9a-f]{32}"), overlong);
        assertNotEquals(injected, overlong);
    }
}
