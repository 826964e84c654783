package io.inferline.celery.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Times as Celery writes them: {@code datetime.utcnow().isoformat()}, UTC without a zone suffix. */
public final class PythonTime {

    private PythonTime() {
    }

    /** {@code 2026-11-22T00:05:43.637819}; Python leaves the fraction out when it is zero, and so does this. */
    public static String isoformat(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        String text = "%04d-%02d-%02dT%02d:%02d:%02d".formatted(t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? text : text + "." + "%06d".formatted(micros);
    }
}
