package io.streamgate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.streamgate.deploy.WorkloadManifestsTest.at;
import static io.streamgate.deploy.WorkloadManifestsTest.list;
import static io.streamgate.deploy.WorkloadManifestsTest.map;
import static io.streamgate.deploy.WorkloadManifestsTest.name;
import static io.streamgate.deploy.WorkloadManifestsTest.resources;
import static io.streamgate.deploy.WorkloadManifestsTest.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One container of a rendered workload ({@code kubectl kustomize}), as the kubelet would run it, translated to
 * {@code podman run}: its environment (the ConfigMaps of {@code envFrom}, then {@code env}, values from the given
 * Secrets), its arguments, its user, read-only root filesystem, dropped capabilities and no privilege escalation,
 * its memory and CPU limits, a tmpfs for each {@code emptyDir} it mounts and, for each Secret it mounts, a read-only
 * directory with the Secret's files (the caller gives their content). The pod's grace period, the preStop sleep and
 * the time the startup probe allows come along.
 *
 * <p>Limits, said openly: a container with a {@code command} (rather than the image's entrypoint) or another kind of
 * volume fails the translation, and so does a Secret the caller did not give; probes are the caller's to poll.
 */
record PodContainer(String workload, String container, Map<String, String> environment, List<String> args,
                    List<String> options, List<Integer> containerPorts, int terminationGracePeriodSeconds,
                    int preStopSleepSeconds, int startupSeconds) {

    /**
     * @param secrets what the cluster's Secrets hold, by Secret name and key (the pod reads its credentials and its
     *                certificates there)
     */
    @SuppressWarnings("unchecked")
    static PodContainer of(List<Map<String, Object>> rendered, String workloadName, String containerName,
                           Map<String, Map<String, String>> secrets) {
        Map<String, Object> workload = WorkloadManifestsTest.workload(rendered, workloadName);
        Map<String, Object> pod = map(workload, "spec", "template", "spec");
        Map<String, Object> container = java.util.stream.Stream.concat(list(pod.get("initContainers")).stream(),
                        list(pod.get("containers")).stream())
                .filter(c -> containerName.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + containerName + " in " + workloadName));
        assertThat(container.get("command")).as("%s/%s runs the image's entrypoint (the application)",
                workloadName, containerName).isNull();

        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> source : list(container.get("envFrom"))) {
            String configMap = (String) at(source, "configMapRef", "name");
            assertThat(configMap).as("envFrom of %s/%s: ConfigMaps only", workloadName, containerName).isNotNull();
            resources(rendered, "ConfigMap").stream().filter(c -> configMap.equals(name(c))).findFirst()
                    .ifPresentOrElse(c -> environment.putAll((Map<String, String>) c.get("data")),
                            () -> fail("ConfigMap " + configMap + " not rendered"));
        }
        for (Map<String, Object> variable : list(container.get("env"))) {
            String value = (String) variable.get("value");
            if (value == null) {
                String secret = (String) at(variable, "valueFrom", "secretKeyRef", "name");
                String key = (String) at(variable, "valueFrom", "secretKeyRef", "key");
                value = secrets.getOrDefault(Objects.requireNonNull(secret, "env " + variable.get("name")
                        + " has neither a value nor a Secret"), Map.of()).get(key);
                assertThat(value).as("Secret %s key %s", secret, key).isNotNull();
            }
            environment.put((String) variable.get("name"), value);
        }

        List<String> options = new ArrayList<>();
        Map<String, Object> podSecurity = map(pod, "securityContext");
        Map<String, Object> security = map(container, "securityContext");
        Object user = Objects.requireNonNullElse(security.get("runAsUser"), podSecurity.get("runAsUser"));
        Object group = Objects.requireNonNullElse(security.get("runAsGroup"), podSecurity.get("runAsGroup"));
        if (user != null) {
            options.addAll(List.of("--user", group == null ? user.toString() : user + ":" + group));
        }
        if (Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
            options.add("--read-only");
        }
        for (String capability : strings(at(security, "capabilities", "drop"))) {
            options.addAll(List.of("--cap-drop", capability));
        }
        if (Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
            options.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        Object memory = at(container, "resources", "limits", "memory");
        if (memory != null) {
            options.addAll(List.of("--memory", bytes(memory.toString()) + "b"));
        }
        Object cpu = at(container, "resources", "limits", "cpu");
        if (cpu != null) {
            options.addAll(List.of("--cpus", cpus(cpu.toString())));
        }
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        list(pod.get("volumes")).forEach(v -> volumes.put((String) v.get("name"), v));
        for (Map<String, Object> mount : list(container.get("volumeMounts"))) {
            Map<String, Object> volume = volumes.get((String) mount.get("name"));
            assertThat(volume).as("volume %s of %s/%s", mount.get("name"), workloadName, containerName).isNotNull();
            String path = (String) mount.get("mountPath");
            if (volume.containsKey("emptyDir")) {
                // An emptyDir is writable by the pod's fsGroup; here by anyone, the container being alone on it.
                options.addAll(List.of("--tmpfs", path + ":rw,mode=1777"));
            } else if (volume.containsKey("secret")) {
                assertThat(mount.get("readOnly")).as("Secret volume %s of %s/%s mounted read-only", mount.get("name"),
                        workloadName, containerName).isEqualTo(true);
                options.addAll(List.of("--volume", secretFiles(map(volume, "secret"), secrets) + ":" + path + ":ro"));
            } else {
                fail("volume " + mount.get("name") + " of " + workloadName + "/" + containerName
                        + ": only emptyDir and Secret volumes are translated");
            }
        }
        List<Integer> ports = list(container.get("ports")).stream().map(p -> (Integer) p.get("containerPort"))
                .toList();
        Object preStop = at(container, "lifecycle", "preStop", "sleep", "seconds");
        Map<String, Object> startup = map(container, "startupProbe");
        // The kubelet's defaults: period 10 s, failure threshold 3.
        int startupSeconds = (Integer) startup.getOrDefault("initialDelaySeconds", 0)
                + (Integer) startup.getOrDefault("periodSeconds", 10) * (Integer) startup.getOrDefault(
                "failureThreshold", 3);
        return new PodContainer(workloadName, containerName, Map.copyOf(environment),
                strings(container.get("args")), List.copyOf(options), ports,
                (Integer) Objects.requireNonNullElse(pod.get("terminationGracePeriodSeconds"), 30),
                preStop == null ? 0 : (Integer) preStop, startupSeconds);
    }

    /**
     * A directory holding the files the kubelet would project from a Secret: each key (or each of {@code items}, at its
     * path) as a file, readable by the container's user as the kubelet's default mode (0644) makes it.
     */
    static Path secretFiles(Map<String, Object> volume, Map<String, Map<String, String>> secrets) {
        String name = (String) volume.get("secretName");
        Map<String, String> data = secrets.get(name);
        assertThat(data).as("the content of Secret %s", name).isNotNull();
        Map<String, String> files = new LinkedHashMap<>();
        List<Map<String, Object>> items = list(volume.get("items"));
        if (items.isEmpty()) {
            data.forEach(files::put);
        } else {
            for (Map<String, Object> item : items) {
                assertThat(data).as("Secret %s", name).containsKey((String) item.get("key"));
                files.put((String) item.get("path"), data.get((String) item.get("key")));
            }
        }
        try {
            Path directory = Files.createTempDirectory("secret-" + name + "-");
            directory.toFile().deleteOnExit();
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path written = Files.writeString(directory.resolve(file.getKey()), file.getValue());
                written.toFile().deleteOnExit(); // before the directory: deleted in reverse order
                Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same container with the in-cluster values of some variables replaced by this machine's (the addresses of
     * Kafka, the registry and Postgres). Each must be one the manifests set, so a renamed variable fails here rather
     * than leaving the container without the address.
     */
    PodContainer replacing(Map<String, String> replacements) {
        assertThat(environment).as("variables of %s/%s", workload, container)
                .containsKeys(replacements.keySet().toArray(String[]::new));
        return with(replacements);
    }

    /** The same container with more variables: what host networking needs instead of the pod's own ports. */
    PodContainer adding(Map<String, String> variables) {
        assertThat(environment).as("variables of %s/%s", workload, container)
                .doesNotContainKeys(variables.keySet().toArray(String[]::new));
        return with(variables);
    }

    private PodContainer with(Map<String, String> variables) {
        Map<String, String> changed = new LinkedHashMap<>(environment);
        changed.putAll(variables);
        return new PodContainer(workload, container, Map.copyOf(changed), args, options, containerPorts,
                terminationGracePeriodSeconds, preStopSleepSeconds, startupSeconds);
    }

    /** {@code podman run} options: {@link #options} plus {@code -e} for each variable. */
    List<String> runOptions() {
        List<String> run = new ArrayList<>(options);
        environment.forEach((name, value) -> run.addAll(List.of("-e", name + "=" + value)));
        return run;
    }

    /** The memory limit in bytes. */
    long memoryLimitBytes() {
        int at = options.indexOf("--memory");
        assertThat(at).as("%s/%s has a memory limit", workload, container).isNotNegative();
        String value = options.get(at + 1);
        return Long.parseLong(value.substring(0, value.length() - 1));
    }

    /** Kubernetes quantities: 1Gi, 512Mi, 1G, 2000000. */
    static long bytes(String quantity) {
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40,
                "k", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L, "T", 1_000_000_000_000L);
        for (Map.Entry<String, Long> unit : units.entrySet()) {
            if (quantity.endsWith(unit.getKey()) && quantity.length() > unit.getKey().length()
                    && Character.isDigit(quantity.charAt(quantity.length() - unit.getKey().length() - 1))) {
                return Long.parseLong(quantity.substring(0, quantity.length() - unit.getKey().length()))
                        * unit.getValue();
            }
        }
        return Long.parseLong(quantity);
    }

    /** Kubernetes CPU quantities: "2", "1.5", "500m". */
    static String cpus(String quantity) {
        return quantity.endsWith("m")
                ? java.math.BigDecimal.valueOf(Long.parseLong(quantity.substring(0, quantity.length() - 1)), 3)
                .stripTrailingZeros().toPlainString()
                : quantity;
    }
}
