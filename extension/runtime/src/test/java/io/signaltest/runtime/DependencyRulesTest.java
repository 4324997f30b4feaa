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
 * The runtime runs on applications' production classpaths: it may use the JDK and nothing else,
 * and it exports its API package only.
 */
class DependencyRulesTest {

    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.signaltest.runtime");

    @Test
    void theRuntimeDependsOnTheJdkOnly() {
        noClasses().should().dependOnClassesThat()
                .resideOutsideOfPackages("java..", "sun.misc..", "io.signaltest.runtime..")
                .because("the runtime must never pull JUnit, AssertJ, zt-exec or any library into an application")
                .check(RUNTIME);
    }

    @Test
    void theModuleExportsTheApiPackageOnly() {
        Path classes = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        ModuleDescriptor module = ModuleFinder.of(classes).findAll().iterator().next().descriptor();

        assertThat(module.name()).isEqualTo("io.signaltest.runtime");
        assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .containsExactly("io.signaltest.runtime");
        assertThat(module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("java.base", "jdk.unsupported");
    }
}
