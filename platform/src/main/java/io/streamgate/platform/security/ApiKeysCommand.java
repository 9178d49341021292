package io.streamgate.platform.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates, revokes and lists API keys, and exits: {@code java -jar streamgate-app.jar api-keys <create|revoke|list>},
 * against the database of {@code DATABASE_URL}, {@code DATABASE_USERNAME} and {@code DATABASE_PASSWORD} (as
 * {@code migrate}). A created key is printed once, on standard output, and never again: only its hash is stored.
 * <pre>
 *   api-keys create --name billing --scopes payments:write,payments:read [--valid-for 90d]
 *   api-keys revoke --name billing
 *   api-keys list
 * </pre>
 */
public final class ApiKeysCommand {

    private ApiKeysCommand() {
    }

    /** Runs one sub-command; returns the exit status (0 done, 1 nothing to do, 2 a usage error). */
    public static int run(String[] args, Map<String, String> environment, PrintStream out) {
        String url = environment.get("DATABASE_URL");
        if (url == null || url.isBlank()) {
            out.println("api-keys needs DATABASE_URL (and DATABASE_USERNAME, DATABASE_PASSWORD)");
            return 2;
        }
        ApiKeyStore store = new ApiKeyStore(JdbcClient.create(new DriverManagerDataSource(url,
                environment.getOrDefault("DATABASE_USERNAME", ""), environment.getOrDefault("DATABASE_PASSWORD", ""))));
        String action = args.length > 0 ? args[0] : "";
        Map<String, String> options = options(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
        switch (action) {
            case "create" -> {
                String name = options.get("name");
                String scopes = options.get("scopes");
                if (name == null || name.isBlank() || scopes == null) {
                    out.println("usage: api-keys create --name <name> --scopes <scope,...> [--valid-for <days>d]");
                    return 2;
                }
                Set<String> granted = new TreeSet<>(Arrays.asList(scopes.split(",")));
                granted.removeIf(String::isBlank);
                out.println(store.create(name, granted, validFor(options.get("valid-for"))));
                return 0;
            }
            case "revoke" -> {
                String name = options.get("name");
                if (name == null) {
                    out.println("usage: api-keys revoke --name <name>");
                    return 2;
                }
                boolean revoked = store.revoke(name);
                out.println(revoked ? "revoked " + name : "no usable key named " + name);
                return revoked ? 0 : 1;
            }
            case "list" -> {
                store.list().forEach(key -> out.println(key.name() + "\t" + String.join(",", new TreeSet<>(key.scopes()))
                        + "\tcreated " + key.createdAt() + (key.expiresAt() == null ? "" : "\texpires " + key.expiresAt())
                        + (key.revokedAt() == null ? "" : "\trevoked " + key.revokedAt())));
                return 0;
            }
            default -> {
                out.println("usage: api-keys create|revoke|list (see --name, --scopes, --valid-for)");
                return 2;
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].startsWith("--")) {
                options.put(args[i].substring(2), args[i + 1]);
            }
        }
        return options;
    }

    private static Duration validFor(String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.endsWith("d") ? Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)))
                    : Duration.parse(text);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("--valid-for takes days (90d) or an ISO-8601 duration (PT12H): " + text);
        }
    }
}
