package io.inferline.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Every log line of this JVM from now on (messages, arguments, stack traces), to look for secrets in. */
final class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private final List<String> lines = new ArrayList<>();

    static CapturedLogs capture() {
        var logs = new CapturedLogs();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.setContext(root.getLoggerContext());
        logs.start();
        root.addAppender(logs);
        // our own code at its most talkative, so a secret in a debug line is found too
        ((Logger) LoggerFactory.getLogger("io.inferline")).setLevel(ch.qos.logback.classic.Level.TRACE);
        return logs;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        var line = new StringBuilder(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        lines.add(line.toString());
    }

    synchronized int size() {
        return lines.size();
    }

    /** The lines that contain any of the secrets. */
    synchronized List<String> containing(Collection<String> secrets) {
        return lines.stream().filter(line -> secrets.stream().anyMatch(line::contains)).toList();
    }
}
