package io.inferline.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.Driver;

/** Opens PostgreSQL connections without going through DriverManager's class-loader lookup. */
final class Jdbc {
    private Jdbc() {
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "30");
        Connection connection = new Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
        }
        return connection;
    }

    static boolean answers(String url, String user, String password) throws SQLException {
        try (Connection connection = connect(url, user, password);
             Statement statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        }
    }

    static void execute(String url, String user, String password, String sql) throws SQLException {
        try (Connection connection = connect(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
