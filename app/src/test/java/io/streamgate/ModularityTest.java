package io.streamgate;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Module boundaries fail the build. A system is any top-level package under {@code io.streamgate} other than the
 * shared modules ({@code platform}, {@code devstack}, {@code schemas}, {@code loadgen}), so a new system is covered by
 * every rule here the moment its package exists:
 * <ul>
 *     <li>systems never use each other's classes (they talk through Kafka topics), hence no cycles between them;</li>
 *     <li>the platform knows no system;</li>
 *     <li>systems use only the platform's API: no class under {@code io.streamgate.platform..internal..}, no platform
 *     type that is not public, and no auto-configuration class (beans are injected, not constructed);</li>
 *     <li>nothing but the wiring knows the embedded dev stack, and the contracts depend on nothing of ours.</li>
 * </ul>
 */
class ModularityTest {

    private static final String BASE = "io.streamgate";
    private static final Set<String> SHARED_MODULES = Set.of("platform", "devstack", "schemas", "loadgen");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    /** The system a class belongs to: the first package segment below the base package, unless it is shared. */
    static String systemOf(String packageName) {
        if (!packageName.startsWith(BASE + ".")) {
            return null;
        }
        String rest = packageName.substring(BASE.length() + 1);
        int dot = rest.indexOf('.');
        String top = dot < 0 ? rest : rest.substring(0, dot);
        return SHARED_MODULES.contains(top) ? null : top;
    }

    private static final SliceAssignment BY_SYSTEM = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String system = systemOf(javaClass.getPackageName());
            return system == null ? SliceIdentifier.ignore() : SliceIdentifier.of(system);
        }

        @Override
        public String getDescription() {
            return "systems (top-level packages under " + BASE + " except " + new TreeSet<>(SHARED_MODULES) + ")";
        }
    };

    private static final DescribedPredicate<JavaClass> IN_A_SYSTEM =
            DescribedPredicate.describe("reside in a system package", c -> systemOf(c.getPackageName()) != null);

    private static final DescribedPredicate<JavaClass> OUTSIDE_THE_PLATFORM_API = DescribedPredicate.describe(
            "are outside the platform's API (under ..internal.., not public, or auto-configuration)",
            c -> c.getPackageName().startsWith(BASE + ".platform")
                    && (c.getPackageName().matches(".*\\.internal(\\..*)?")
                    || !c.getModifiers().contains(JavaModifier.PUBLIC)
                    || c.isAnnotatedWith(AutoConfiguration.class)));

    @Test
    void systemsAreFoundByPackage() {
        Set<String> systems = new TreeSet<>();
        CLASSES.forEach(c -> {
            String system = systemOf(c.getPackageName());
            if (system != null) {
                systems.add(system);
            }
        });
        // Guards the rules below against passing vacuously because no system was found.
        assertThat(systems).contains("payments").doesNotContainAnyElementsOf(SHARED_MODULES);
    }

    @Test
    void systemsShouldNotDependOnEachOther() {
        slices().assignedFrom(BY_SYSTEM).should().notDependOnEachOther().check(CLASSES);
    }

    @Test
    void systemsShouldBeFreeOfCycles() {
        slices().assignedFrom(BY_SYSTEM).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void platformShouldNotDependOnAnySystem() {
        noClasses().that().resideInAPackage(BASE + ".platform..")
                .should().dependOnClassesThat(IN_A_SYSTEM)
                .check(CLASSES);
    }

    @Test
    void systemsShouldUseOnlyThePlatformApi() {
        noClasses().that(IN_A_SYSTEM)
                .should().dependOnClassesThat(OUTSIDE_THE_PLATFORM_API)
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void systemsShouldNotKnowTheDevStack() {
        noClasses().that(IN_A_SYSTEM)
                .should().dependOnClassesThat().resideInAPackage(BASE + ".devstack..")
                .check(CLASSES);
    }

    @Test
    void platformShouldNotKnowTheDevStack() {
        noClasses().that().resideInAPackage(BASE + ".platform..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".devstack..")
                .check(CLASSES);
    }

    /** The platform package a class is in ({@code kafka} for {@code io.streamgate.platform.kafka.internal.X}), or null. */
    static String platformPackageOf(String packageName) {
        String prefix = BASE + ".platform.";
        if (!packageName.startsWith(prefix)) {
            return null;
        }
        String rest = packageName.substring(prefix.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static boolean isInternal(String packageName) {
        return packageName.matches(".*\\.internal(\\..*)?");
    }

    /**
     * Each platform package's {@code internal} is its own: no other package, of the platform or outside it, reaches
     * into it. Found by package name, so a new platform package is covered the moment it exists.
     */
    @Test
    void platformPackagesShouldNotTouchEachOthersInternals() {
        classes().that().resideInAPackage(BASE + "..")
                .should(new ArchCondition<>("not depend on another platform package's internal") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        String own = platformPackageOf(origin.getPackageName());
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            String target = dependency.getTargetClass().getPackageName();
                            String owner = platformPackageOf(target);
                            if (owner != null && isInternal(target) && !owner.equals(own)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .check(CLASSES);
    }

    /** The platform's packages form layers: no two depend on each other, however indirectly. */
    @Test
    void platformPackagesShouldBeFreeOfCycles() {
        slices().matching(BASE + ".platform.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /**
     * A platform package's public types are exactly what others use: every public top-level type in a package's API
     * (outside {@code internal}) is used by a class of another package (another platform package, a system, the dev
     * stack or the load generator). Auto-configurations are exempt, as Spring loads them by name. So the API cannot
     * grow by accident: a type nobody outside needs is package-private.
     */
    @Test
    void everyPublicPlatformTypeShouldBeUsedOutsideItsPackage() {
        classes().that().resideInAPackage(BASE + ".platform..")
                .and().arePublic().and().areTopLevelClasses()
                .and(DescribedPredicate.describe("are in a package's API", c -> !isInternal(c.getPackageName())))
                .and().areNotAnnotatedWith(AutoConfiguration.class)
                .and(DescribedPredicate.describe("declare no constants (a compiler inlines their uses)",
                        c -> c.getFields().stream().noneMatch(ModularityTest::isConstant)))
                .should(new ArchCondition<>("be used by a class of another package") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        if (!platformApi().contains(type.getName())) {
                            events.add(SimpleConditionEvent.violated(type, type.getName()
                                    + " is public but no other package uses it: make it package-private"));
                        }
                    }
                })
                .check(CLASSES);
    }

    private static boolean isConstant(JavaField field) {
        return field.getModifiers().containsAll(Set.of(JavaModifier.PUBLIC, JavaModifier.STATIC, JavaModifier.FINAL))
                && (field.getRawType().isPrimitive() || field.getRawType().isEquivalentTo(String.class));
    }

    private static Set<String> platformApi;

    /**
     * The platform's API, as the code uses it: every top-level type another package uses (its nested types count as
     * it), and every type of the same package in a public signature of such a type (a method's parameters, result and
     * declared exceptions, a constructor's parameters, a field), until nothing more is added.
     */
    private static synchronized Set<String> platformApi() {
        if (platformApi != null) {
            return platformApi;
        }
        Set<String> api = new TreeSet<>();
        for (JavaClass type : CLASSES) {
            String own = platformPackageOf(type.getPackageName());
            if (own == null) {
                continue;
            }
            JavaClass top = topLevel(type);
            boolean usedOutside = type.getDirectDependenciesToSelf().stream()
                    .map(dependency -> dependency.getOriginClass().getPackageName())
                    .anyMatch(origin -> !own.equals(platformPackageOf(origin)));
            if (usedOutside) {
                api.add(top.getName());
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String name : List.copyOf(api)) {
                JavaClass type = CLASSES.get(name);
                Set<JavaClass> signature = new java.util.HashSet<>();
                type.getMethods().stream().filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC)).forEach(m -> {
                    signature.add(m.getRawReturnType());
                    signature.addAll(m.getRawParameterTypes());
                    signature.addAll(m.getExceptionTypes());
                });
                type.getConstructors().stream().filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                        .forEach(c -> signature.addAll(c.getRawParameterTypes()));
                type.getFields().stream().filter(f -> f.getModifiers().contains(JavaModifier.PUBLIC))
                        .forEach(f -> signature.add(f.getRawType()));
                for (JavaClass member : signature) {
                    JavaClass top = topLevel(member.getBaseComponentType());
                    if (top.getPackageName().equals(type.getPackageName()) && api.add(top.getName())) {
                        grew = true;
                    }
                }
            }
        }
        platformApi = api;
        return api;
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass top = type;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    /** Inside a package's {@code internal}, public is only for what the package's other Java packages use. */
    @Test
    void everyPublicInternalTypeShouldBeUsedOutsideItsJavaPackage() {
        classes().that().resideInAPackage(BASE + ".platform..")
                .and().arePublic().and().areTopLevelClasses()
                .and(DescribedPredicate.describe("are internal", c -> isInternal(c.getPackageName())))
                .and().areNotAnnotatedWith(AutoConfiguration.class)
                .should(new ArchCondition<>("be used by a class of another Java package") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        boolean used = CLASSES.stream()
                                .filter(other -> topLevel(other).equals(type))
                                .flatMap(other -> other.getDirectDependenciesToSelf().stream())
                                .anyMatch(d -> !d.getOriginClass().getPackageName().equals(type.getPackageName()));
                        if (!used) {
                            events.add(SimpleConditionEvent.violated(type, type.getName()
                                    + " is public but only its own Java package uses it: make it package-private"));
                        }
                    }
                })
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    /**
     * The platform lies under the application's package, which Spring Boot scans for components: a plain
     * {@code @Configuration} there, a nested one inside an auto-configuration included, is picked up by the scan on
     * its own, without the conditions of the auto-configuration around it (one made the application fail to start
     * with security off). Every platform configuration is an auto-configuration, which the scan leaves alone.
     */
    @Test
    void platformConfigurationsShouldAllBeAutoConfigurations() {
        noClasses().that().resideInAPackage(BASE + ".platform..")
                .and().areNotAnnotatedWith(AutoConfiguration.class)
                .should().beAnnotatedWith(org.springframework.context.annotation.Configuration.class)
                .because("a @Configuration in the platform is scanned as a component, outside its auto-configuration")
                .check(CLASSES);
    }

    @Test
    void schemasShouldDependOnNothingOfOurs() {
        noClasses().that().resideInAPackage(BASE + ".schemas..")
                .should().dependOnClassesThat(DescribedPredicate.describe("belong to another module of ours",
                        c -> c.getPackageName().startsWith(BASE + ".")
                                && !c.getPackageName().startsWith(BASE + ".schemas")))
                .check(CLASSES);
    }
}
