package io.inferline.common.error;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a database that is away (down, restarting, unreachable, or PgBouncer unable to log in to it) from a
 * statement that failed on its own merits: the first passes when the database is back, the second does not.
 */
public final class DatabaseFailures {

    /**
     * SQLSTATEs of a server that is away: 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now
     * (starting up or recovering), 53300 too many connections. Class 08 (connection exception, which PgBouncer
     * also sends when it cannot reach the server) is matched by its prefix.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseFailures() {
    }

    /** Whether anything in {@code failure}'s cause chain says the database could not be reached. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SocketException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
