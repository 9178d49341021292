import java.sql.DriverManager;

/**
 * Creates an empty Postgres database for a benchmark run, or drops one it created (its sessions ended first):
 * java -cp postgresql.jar CreateDatabase.java URL USER PASS NAME [drop]
 */
public class CreateDatabase {
    public static void main(String[] args) throws Exception {
        if (!args[3].matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("database name: " + args[3]);
        }
        boolean drop = args.length > 4 && args[4].equals("drop");
        try (var connection = DriverManager.getConnection(args[0], args[1], args[2]);
             var statement = connection.createStatement()) {
            statement.execute(drop ? "DROP DATABASE IF EXISTS " + args[3] + " WITH (FORCE)" : "CREATE DATABASE " + args[3]);
        }
    }
}
