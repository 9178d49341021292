package io.streamgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs Terraform offline on a copy of {@code deploy/terraform}: {@code init} from a local provider mirror (a CLI
 * configuration with a {@code filesystem_mirror} and no direct installation, so nothing is ever downloaded),
 * {@code validate}, {@code plan} with fake credentials and the AWS provider's skip settings, and
 * {@code show -json} of the plan.
 * <p>
 * The copy (under {@code app/target/terraform}) gets two override files, which is why Terraform runs on a copy and
 * not on the repository: a local backend in place of the S3 one, and the provider's fake credentials. The
 * dependency lock files are used read-only, so the mirror's provider must be the locked one.
 * <p>
 * Needs {@code terraform} (1.11 or newer) on the PATH and the AWS provider of the lock file in a mirror directory
 * ({@value #MIRROR_VARIABLE}, else {@code /opt/tf-plugins}, {@code ~/.terraform.d/plugins} or
 * {@code ~/.local/share/terraform/plugins}). Without them the tests are skipped outside CI and fail in CI.
 */
final class Terraform {

    static final String MIRROR_VARIABLE = "STREAMGATE_TERRAFORM_PLUGINS";
    static final String PROVIDER = "registry.terraform.io/hashicorp/aws";
    static final Path ROOT = ClusterManifests.repositoryRoot();
    static final Path STAGE = ROOT.resolve("app/target/terraform");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String executable;
    private final Path cliConfig;

    private Terraform(String executable, Path cliConfig) {
        this.executable = executable;
        this.cliConfig = cliConfig;
    }

    /**
     * Finds terraform and the provider mirror, and copies {@code deploy/terraform} (and the generated schema
     * registrations it reads from {@code deploy/k8s}) to a clean {@link #STAGE}.
     */
    static Terraform stage() {
        String executable = onPath("terraform");
        String providerVersion = lockedProviderVersion(ROOT.resolve("deploy/terraform/.terraform.lock.hcl"));
        Path mirror = mirror(providerVersion);
        requireTool(executable != null && mirror != null, executable == null
                ? "terraform is not on the PATH"
                : "no provider mirror with " + PROVIDER + " " + providerVersion + " (set " + MIRROR_VARIABLE + ")");
        try {
            deleteRecursively(STAGE);
            copyTree(ROOT.resolve("deploy/terraform"), STAGE.resolve("deploy/terraform"));
            Path schemas = Path.of("deploy/k8s/base/registry/schemas.generated.yaml");
            Files.createDirectories(STAGE.resolve(schemas).getParent());
            Files.copy(ROOT.resolve(schemas), STAGE.resolve(schemas));
            Path cliConfig = STAGE.resolve("terraform.tfrc");
            Files.writeString(cliConfig, """
                    provider_installation {
                      filesystem_mirror {
                        path    = "%s"
                        include = ["registry.terraform.io/hashicorp/*"]
                      }
                      direct {
                        exclude = ["*/*/*"]
                      }
                    }
                    """.formatted(mirror.toString().replace("\\", "/")));
            Terraform terraform = new Terraform(executable, cliConfig);
            String version = terraform.run(STAGE, "version", "-json");
            String[] parts = JSON.readTree(version).path("terraform_version").asText("0.0").split("\\.");
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            requireTool(major > 1 || (major == 1 && minor >= 11),
                    "terraform " + String.join(".", parts) + " is older than 1.11 (write-only arguments)");
            return terraform;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A root module in the stage, relative to it (e.g. {@code deploy/terraform}). */
    Path root(String relative) {
        return STAGE.resolve(relative);
    }

    /** The AWS provider configured to plan offline: fake credentials, no call to STS or the metadata service. */
    static String offlineProvider() {
        return """
                provider "aws" {
                  access_key                  = "offline-plan"
                  secret_key                  = "offline-plan"
                  skip_credentials_validation = true
                  skip_requesting_account_id  = true
                  skip_metadata_api_check     = true
                  skip_region_validation      = true
                }
                """;
    }

    /** {@code terraform init}; with {@code lockedProviders}, the committed lock file is used read-only. */
    void init(Path root, boolean lockedProviders) {
        List<String> args = new ArrayList<>(List.of("init", "-input=false", "-no-color"));
        if (lockedProviders) {
            args.add("-lockfile=readonly");
        }
        run(root, args.toArray(String[]::new));
    }

    /** {@code terraform validate -json}, parsed. */
    JsonNode validate(Path root) {
        return parse(runAllowingFailure(root, "validate", "-json", "-no-color"));
    }

    /** {@code terraform plan} with the given variables, then {@code terraform show -json} of it, parsed. */
    TerraformPlan plan(Path root, Map<String, String> variables) {
        List<String> args = new ArrayList<>(List.of("plan", "-input=false", "-no-color", "-lock=false",
                "-out=" + root.resolve("offline.tfplan")));
        variables.forEach((name, value) -> args.add("-var=" + name + "=" + value));
        run(root, args.toArray(String[]::new));
        return new TerraformPlan(parse(run(root, "show", "-json", "offline.tfplan")));
    }

    private String run(Path root, String... args) {
        Result result = execute(root, args);
        assertThat(result.exitCode()).as("terraform %s in %s:%n%s", String.join(" ", args), root, result.output())
                .isZero();
        return result.output();
    }

    private String runAllowingFailure(Path root, String... args) {
        return execute(root, args).output();
    }

    private record Result(int exitCode, String output) {
    }

    private Result execute(Path root, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(STAGE, "terraform", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(out.toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("TF_"));
            env.put("TF_CLI_CONFIG_FILE", cliConfig.toString());
            env.put("TF_DATA_DIR", root.resolve(".terraform").toString());
            env.put("TF_IN_AUTOMATION", "1");
            env.put("TF_INPUT", "0");
            env.put("CHECKPOINT_DISABLE", "1");
            // Nothing of the machine's AWS configuration may take part.
            env.put("AWS_CONFIG_FILE", STAGE.resolve("no-aws-config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", STAGE.resolve("no-aws-credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("terraform %s did not finish in 5 minutes", String.join(" ", args));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON:\n" + json, e);
        }
    }

    static void requireTool(boolean present, String problem) {
        if (!present && System.getenv("CI") != null) {
            fail(problem + ": CI needs it (see .ci/run); the Terraform plan tests do not skip in CI");
        }
        Assumptions.assumeTrue(present, problem + ": Terraform plan tests skipped (outside CI)");
    }

    static String onPath(String name) {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)).filter(Files::isExecutable)
                .map(Path::toString).findFirst().orElse(null);
    }

    private static String lockedProviderVersion(Path lockFile) {
        try {
            String lock = Files.readString(lockFile);
            var matcher = java.util.regex.Pattern
                    .compile("provider \"" + PROVIDER + "\" \\{\\s*version\\s*=\\s*\"([^\"]+)\"").matcher(lock);
            assertThat(matcher.find()).as("%s locks %s", lockFile, PROVIDER).isTrue();
            return matcher.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first mirror directory holding the locked AWS provider for this platform (unpacked layout). */
    private static Path mirror(String version) {
        String home = System.getProperty("user.home");
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv(MIRROR_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("/opt/tf-plugins"));
        candidates.add(Path.of(home, ".terraform.d/plugins"));
        candidates.add(Path.of(home, ".local/share/terraform/plugins"));
        String platform = "linux_" + switch (System.getProperty("os.arch")) {
            case "aarch64", "arm64" -> "arm64";
            default -> "amd64";
        };
        return candidates.stream()
                .filter(dir -> Files.isDirectory(dir.resolve(PROVIDER).resolve(version).resolve(platform)))
                .findFirst().orElse(null);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path relative = from.relativize(file);
                String name = file.getFileName().toString();
                boolean local = relative.toString().contains(".terraform" + File.separator)
                        || name.equals(".terraform") || name.endsWith("_override.tf") || name.endsWith(".tfplan")
                        || name.contains(".tfstate");
                if (local) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
