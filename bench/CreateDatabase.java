import java.sql.DriverManager;

/** Creates an empty Postgres database for a benchmark run: java -cp postgresql.jar CreateDatabase.java URL USER PASS NAME */
public class CreateDatabase {
    public static void main(String[] args) throws Exception {
        if (!args[3].matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("database name: " + args[3]);
        }
        try (var connection = DriverManager.getConnection(args[0], args[1], args[2]);
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + args[3]);
        }
    }
}
