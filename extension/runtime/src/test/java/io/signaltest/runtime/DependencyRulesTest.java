package io.signaltest.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The runtime runs on applications' production classpaths: it may use the JDK and nothing else, and it exports its API
 * package and the protocol only. The protocol is what every module agrees on, so it stands alone: the agent carries it
 * into programs that do not use the runtime.
 */
class DependencyRulesTest {

    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.signaltest.runtime");

    @Test
    void theRuntimeDependsOnTheJdkOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "sun.misc..", "io.signaltest.runtime..")
                .because("the runtime must never pull JUnit, AssertJ, zt-exec or any library into an application")
                .check(RUNTIME);
    }

    @Test
    void theProtocolStandsAloneOnTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("io.signaltest.runtime.protocol..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "io.signaltest.runtime.protocol..")
                .because("the agent shades the protocol into programs that have no runtime")
                .check(RUNTIME);
    }

    @Test
    void theModuleExportsTheApiPackageAndTheProtocolOnly() {
        Path classes = Path.of(
                Task.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        ModuleDescriptor module =
                ModuleFinder.of(classes).findAll().iterator().next().descriptor();

        assertThat(module.name()).isEqualTo("io.signaltest.runtime");
        assertThat(module.exports().stream()
                        .map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("io.signaltest.runtime", "io.signaltest.runtime.protocol");
        assertThat(module.requires().stream()
                        .map(ModuleDescriptor.Requires::name)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("java.base", "jdk.unsupported");
    }
}
