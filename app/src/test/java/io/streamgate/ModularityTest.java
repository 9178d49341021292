package io.streamgate;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;

import java.util.Set;
import java.util.TreeSet;

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

    @Test
    void schemasShouldDependOnNothingOfOurs() {
        noClasses().that().resideInAPackage(BASE + ".schemas..")
                .should().dependOnClassesThat(DescribedPredicate.describe("belong to another module of ours",
                        c -> c.getPackageName().startsWith(BASE + ".")
                                && !c.getPackageName().startsWith(BASE + ".schemas")))
                .check(CLASSES);
    }
}
