package io.signaltest.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The console runner is a client of the extension's public API, like any tool a team might write. */
class ArchitectureTest {

    static {
        // ArchUnit logs through SLF4J: the no-operation provider SLF4J falls back to, without announcing it.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    private static final JavaClasses RUNNER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.signaltest.cli");

    @Test
    void usesNoInternalPackageOfAnotherModule() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.signaltest..internal..")
                .because("the runner uses the extension's and the runtime's public API only")
                .check(RUNNER);
    }
}
