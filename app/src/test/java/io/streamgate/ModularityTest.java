package io.streamgate;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Module boundaries fail the build: the platform knows no system, systems never use each other's classes (they talk
 * through Kafka topics), and nothing but the wiring knows the embedded dev stack.
 */
class ModularityTest {

    private static final String[] SYSTEMS = {"payments", "orders", "orderdetails", "trips", "submissions"};

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.streamgate");

    @Test
    void platformShouldNotDependOnAnySystem() {
        for (String system : SYSTEMS) {
            noClasses().that().resideInAPackage("io.streamgate.platform..")
                    .should().dependOnClassesThat().resideInAPackage("io.streamgate." + system + "..")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void systemsShouldNotDependOnEachOther() {
        for (String system : SYSTEMS) {
            for (String other : SYSTEMS) {
                if (!system.equals(other)) {
                    noClasses().that().resideInAPackage("io.streamgate." + system + "..")
                            .should().dependOnClassesThat().resideInAPackage("io.streamgate." + other + "..")
                            .allowEmptyShould(true)
                            .check(classes);
                }
            }
        }
    }

    @Test
    void systemsShouldNotKnowTheDevStack() {
        for (String system : SYSTEMS) {
            noClasses().that().resideInAPackage("io.streamgate." + system + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.streamgate.devstack..")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void schemasShouldDependOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.streamgate.schemas..")
                .should().dependOnClassesThat().resideInAnyPackage("io.streamgate.platform..",
                        "io.streamgate.devstack..", "io.streamgate.payments..")
                .check(classes);
    }
}
