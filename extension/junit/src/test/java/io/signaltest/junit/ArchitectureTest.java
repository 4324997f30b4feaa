package io.signaltest.junit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of the extension, kept by the build: it reaches into no other module's internals, the public API hands
 * out no internal type, and its internal packages (the run, its checks, its log, its processes, its files and its
 * reports) depend on each other in one direction only.
 */
class ArchitectureTest {

    static {
        // ArchUnit logs through SLF4J; this test JVM has no binding on purpose (the harness's own tests need none),
        // so SLF4J is told to use the no-operation provider it falls back to, without announcing it.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    private static final JavaClasses EXTENSION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.signaltest.junit");

    @Test
    void reachesIntoNoOtherModulesInternals() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.signaltest.runtime.internal..", "io.signaltest.agent..", "io.signaltest.cli..")
                .because("modules agree through the runtime's protocol package and public APIs only")
                .check(EXTENSION);
    }

    @Test
    void thePublicApiHandsOutNoInternalType() {
        methods()
                .that()
                .areDeclaredInClassesThat()
                .resideOutsideOfPackage("io.signaltest.junit.internal..")
                .and()
                .arePublic()
                .and()
                .areDeclaredInClassesThat()
                .arePublic()
                .should()
                .notHaveRawReturnType(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "an internal type", type -> type.getPackageName().startsWith("io.signaltest.junit.internal")))
                .because("what is not API carries no compatibility promise, so the API must not lead to it")
                .check(EXTENSION);
    }

    @Test
    void theInternalPackagesHaveNoCycle() {
        slices().matching("io.signaltest.junit.internal.(*)..")
                .should()
                .beFreeOfCycles()
                .check(EXTENSION);
    }
}
