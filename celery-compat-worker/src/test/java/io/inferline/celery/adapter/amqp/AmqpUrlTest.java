package io.inferline.celery.adapter.amqp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmqpUrlTest {

    @Test
    void readsBrokerUrlsAsKombuDoes() {
        assertEquals(new AmqpUrl(false, "rabbit", 5672, "guest", "guest", "/"),
                AmqpUrl.parse("amqp://guest:guest@rabbit//"));
        assertEquals(new AmqpUrl(false, "h", 5673, "u", "p@ss", "/"), AmqpUrl.parse("amqp://u:p%40ss@h:5673"));
        assertEquals(new AmqpUrl(false, "h", 5672, "guest", "guest", "/"), AmqpUrl.parse("pyamqp://h/"));
        assertEquals(new AmqpUrl(false, "h", 5672, "guest", "guest", "prod"), AmqpUrl.parse("amqp://h/prod"));
        assertEquals(new AmqpUrl(true, "h", 5671, "guest", "guest", "/"), AmqpUrl.parse("amqps://h"));
        assertTrue(AmqpUrl.accepts("amqp://h"));
        assertFalse(AmqpUrl.accepts("redis://h:6379/0"));
    }
}
