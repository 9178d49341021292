package io.streamgate;

import io.streamgate.schemas.Topic;
import io.streamgate.schemas.Topics;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the diagrams in {@code docs/diagrams} say that can be read from the code and the build instead of being drawn
 * by hand: the Maven modules and their dependencies (the poms), the systems (packages, as {@link ModularityTest} finds
 * them), each system's HTTP routes (its mapping annotations), which catalogue topics it writes and reads and how (its
 * bytecode), and its tables (its Flyway migrations).
 * <p>
 * How a system uses a topic is read from its compiled methods: a read of a {@link Topics} constant followed, in the
 * same method, by a call to one of the platform's or Kafka Streams' topic entry points ({@link TopicRole}) is that
 * use. A topic handed around in a variable is not seen; {@code DiagramSourcesTest} fails when a catalogue topic ends up
 * with no use at all, which is what a renamed entry point would also cause.
 */
public final class DiagramFacts {

    static final String BASE = "io.streamgate";

    private DiagramFacts() {
    }

    /** How a system uses a topic, and the method call that says so. */
    public enum TopicRole {
        PUBLISHES("io/streamgate/platform/ingest/EventIntake", "<init>", "publishes"),
        OUTBOX("io/streamgate/platform/outbox/Outbox", "append", "appends to the outbox"),
        CONSUMES("io/streamgate/platform/consumer/EventSubscription", "of", "consumes"),
        STREAM_SOURCE("org/apache/kafka/streams/StreamsBuilder", "stream", "streams from"),
        STREAM_SINK("org/apache/kafka/streams/kstream/KStream", "to", "streams to"),
        DEAD_LETTERS("io/streamgate/schemas/Topics", "deadLetterOf", "dead-letters to");

        final String owner;
        final String method;
        final String verb;

        TopicRole(String owner, String method, String verb) {
            this.owner = owner;
            this.method = method;
            this.verb = verb;
        }

        /** True when the system writes the topic (its dead-letter topic for DEAD_LETTERS). */
        public boolean writes() {
            return this != CONSUMES && this != STREAM_SOURCE;
        }

        String entryPoint() {
            String type = owner.substring(owner.lastIndexOf('/') + 1);
            return method.equals("<init>") ? "new " + type : type + "." + method;
        }
    }

    /** A catalogue topic: its constant in {@link Topics} and its name. */
    public record CatalogueTopic(String constant, String name) {
        /** A PlantUML variable name for it: {@code $PAYMENTS}. */
        String variable() {
            return "$" + constant;
        }
    }

    public record TopicUse(CatalogueTopic topic, TopicRole role) {
    }

    public record Route(String method, String path) implements Comparable<Route> {
        @Override
        public String toString() {
            return method + " " + path;
        }

        @Override
        public int compareTo(Route other) {
            int byPath = path.compareTo(other.path);
            return byPath != 0 ? byPath : method.compareTo(other.method);
        }
    }

    public record SystemFacts(String name, List<Route> routes, List<TopicUse> topics, List<String> tables) {
        boolean usesPostgres() {
            return !tables.isEmpty() || topics.stream().anyMatch(t -> t.role() == TopicRole.OUTBOX);
        }
    }

    record Module(String directory, String artifactId, String description, Map<String, String> dependsOn) {
    }

    /** The catalogue in its declared order. */
    static List<CatalogueTopic> catalogue() {
        List<CatalogueTopic> topics = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Topic.class.isAssignableFrom(field.getType())) {
                try {
                    topics.add(new CatalogueTopic(field.getName(), ((Topic<?, ?>) field.get(null)).name()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        List<String> declared = Topics.all().stream().map(Topic::name).toList();
        topics.sort((a, b) -> Integer.compare(declared.indexOf(a.name()), declared.indexOf(b.name())));
        return topics;
    }

    /** Every system with its facts, by name (also what the Kafka users' ACLs are generated from). */
    public static Map<String, SystemFacts> systems() {
        Path classes = appClasses();
        Map<String, SystemFacts> systems = new TreeMap<>();
        try (Stream<Path> packages = Files.list(classes.resolve(BASE.replace('.', '/')))) {
            for (Path dir : packages.filter(Files::isDirectory).sorted().toList()) {
                String system = ModularityTest.systemOf(BASE + "." + dir.getFileName());
                if (system != null) {
                    systems.put(system, systemFacts(system, dir, classes));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return systems;
    }

    private static SystemFacts systemFacts(String system, Path dir, Path classes) throws IOException {
        Set<Route> routes = new TreeSet<>();
        Set<TopicUse> uses = new LinkedHashSet<>();
        Map<String, CatalogueTopic> byConstant = new LinkedHashMap<>();
        catalogue().forEach(t -> byConstant.put(t.constant(), t));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    new ClassReader(in).accept(new TopicUseFinder(byConstant, uses), ClassReader.SKIP_DEBUG);
                }
                String className = classes.relativize(file).toString().replace('/', '.').replaceFirst("\\.class$", "");
                routes.addAll(routesOf(className));
            }
        }
        List<TopicUse> sorted = new ArrayList<>(uses);
        List<CatalogueTopic> order = catalogue();
        sorted.sort((a, b) -> a.topic().equals(b.topic()) ? a.role().compareTo(b.role())
                : Integer.compare(order.indexOf(a.topic()), order.indexOf(b.topic())));
        return new SystemFacts(system, List.copyOf(routes), sorted, tablesOf(system, classes));
    }

    /** Pairs each topic entry-point call with the catalogue constant read last before it in the same method. */
    private static final class TopicUseFinder extends ClassVisitor {

        private final Map<String, CatalogueTopic> catalogue;
        private final Set<TopicUse> uses;

        TopicUseFinder(Map<String, CatalogueTopic> catalogue, Set<TopicUse> uses) {
            super(Opcodes.ASM9);
            this.catalogue = catalogue;
            this.uses = uses;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                private CatalogueTopic last;

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                    if (opcode == Opcodes.GETSTATIC && owner.equals("io/streamgate/schemas/Topics")
                            && catalogue.containsKey(field)) {
                        last = catalogue.get(field);
                    }
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
                                            boolean isInterface) {
                    for (TopicRole role : TopicRole.values()) {
                        if (role.owner.equals(owner) && role.method.equals(method) && last != null) {
                            uses.add(new TopicUse(last, role));
                            last = null;
                        }
                    }
                }
            };
        }
    }

    /** The routes a class maps: annotated handler methods, and functional routes described by @RouterOperation. */
    private static List<Route> routesOf(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, DiagramFacts.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return List.of();
        }
        List<Route> routes = new ArrayList<>();
        RequestMapping typeMapping = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
        List<String> prefixes = typeMapping == null || typeMapping.path().length == 0 ? List.of("")
                : List.of(typeMapping.path());
        for (Method method : type.getDeclaredMethods()) {
            RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
            if (mapping != null) {
                for (String prefix : prefixes) {
                    for (String path : mapping.path().length == 0 ? new String[]{""} : mapping.path()) {
                        for (RequestMethod verb : mapping.method()) {
                            routes.add(new Route(verb.name(), prefix + path));
                        }
                    }
                }
            }
            List<RouterOperation> operations = new ArrayList<>();
            RouterOperation single = method.getAnnotation(RouterOperation.class);
            if (single != null) {
                operations.add(single);
            }
            RouterOperations many = method.getAnnotation(RouterOperations.class);
            if (many != null) {
                operations.addAll(List.of(many.value()));
            }
            for (RouterOperation operation : operations) {
                for (RequestMethod verb : operation.method()) {
                    routes.add(new Route(verb.name(), operation.path()));
                }
            }
        }
        return routes;
    }

    private static final Pattern TABLE_DDL = Pattern.compile(
            "(?i)\\b(create|drop)\\s+table\\s+(?:if\\s+(?:not\\s+)?exists\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern VERSION = Pattern.compile("^V(\\d+)__");

    /** Tables a system's own Flyway migrations leave ({@code db/migration/<system>}, created and not dropped). */
    private static List<String> tablesOf(String system, Path classes) throws IOException {
        Path migrations = classes.resolve("db/migration").resolve(system);
        Set<String> tables = new TreeSet<>();
        if (Files.isDirectory(migrations)) {
            List<Path> files;
            try (Stream<Path> list = Files.list(migrations)) {
                files = list.filter(f -> VERSION.matcher(f.getFileName().toString()).find()).sorted((a, b) ->
                        Integer.compare(version(a), version(b))).toList();
            }
            for (Path sql : files) {
                Matcher m = TABLE_DDL.matcher(Files.readString(sql, StandardCharsets.UTF_8));
                while (m.find()) {
                    String table = m.group(2).toLowerCase(Locale.ROOT);
                    if (m.group(1).equalsIgnoreCase("create")) {
                        tables.add(table);
                    } else {
                        tables.remove(table);
                    }
                }
            }
        }
        return List.copyOf(tables);
    }

    private static int version(Path migration) {
        Matcher m = VERSION.matcher(migration.getFileName().toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The Maven modules of the root pom, in its order, with their dependencies on each other and the scope. */
    static List<Module> modules(Path root) {
        Element project = pom(root.resolve("pom.xml"));
        List<String> directories = texts(child(project, "modules"), "module");
        Map<String, String> directoryOf = new LinkedHashMap<>();
        Map<String, Element> poms = new LinkedHashMap<>();
        for (String directory : directories) {
            Element pom = pom(root.resolve(directory).resolve("pom.xml"));
            poms.put(directory, pom);
            directoryOf.put(text(pom, "artifactId"), directory);
        }
        List<Module> modules = new ArrayList<>();
        for (String directory : directories) {
            Element pom = poms.get(directory);
            Map<String, String> dependsOn = new LinkedHashMap<>();
            Element dependencies = child(pom, "dependencies");
            if (dependencies != null) {
                for (Element dependency : children(dependencies, "dependency")) {
                    String target = directoryOf.get(text(dependency, "artifactId"));
                    if (target != null) {
                        String scope = text(dependency, "scope");
                        // A module's main jar and its test jar are two dependencies on it: the compile one is the edge.
                        dependsOn.merge(target, scope == null ? "compile" : scope,
                                (one, other) -> one.equals("compile") ? one : other);
                    }
                }
            }
            modules.add(new Module(directory, text(pom, "artifactId"), text(pom, "description"), dependsOn));
        }
        return modules;
    }

    private static Element pom(Path file) {
        try {
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
            return document.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().strip().replaceAll("\\s+", " ");
    }

    private static List<String> texts(Element parent, String name) {
        return parent == null ? List.of() : children(parent, name).stream().map(Node::getTextContent)
                .map(String::strip).toList();
    }

    private static Path appClasses() {
        try {
            return Path.of(StreamgateApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
