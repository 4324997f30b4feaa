package io.signaltest.agent.internal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The agent's structure: no cycle between its packages, none between its classes (a nested class counts as its outer
 * class), and no mutable static state but the one reference to the run's {@link AgentState}.
 */
class AgentArchitectureTest {

    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.signaltest.agent");

    @Test
    void noCycleBetweenPackages() {
        slices().matching("io.signaltest.agent.(**)")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(false)
                .check(AGENT);
    }

    @Test
    void noCycleBetweenClasses() {
        slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass type) {
                        String name = type.getName();
                        int nested = name.indexOf('$');
                        return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
                    }

                    @Override
                    public String getDescription() {
                        return "top-level classes of the agent";
                    }
                })
                .should()
                .beFreeOfCycles()
                .check(AGENT);
    }

    @Test
    void theRunsStateIsReachedThroughOneStaticReference() {
        noClasses()
                .that()
                .resideInAPackage("io.signaltest.agent..")
                .should(haveAMutableStaticFieldOtherThanRecorderState())
                .check(AGENT);
    }

    private static ArchCondition<JavaClass> haveAMutableStaticFieldOtherThanRecorderState() {
        return new ArchCondition<>("have a static field that is not final, other than Recorder.state") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                type.getFields().stream()
                        .filter(f -> f.getModifiers().contains(JavaModifier.STATIC)
                                && !f.getModifiers().contains(JavaModifier.FINAL)
                                && !f.getModifiers().contains(JavaModifier.SYNTHETIC))
                        .filter(f -> !(type.isEquivalentTo(Recorder.class)
                                && f.getName().equals("state")))
                        .forEach(f -> events.add(SimpleConditionEvent.satisfied(
                                f,
                                f.getFullName() + " is static "
                                        + "and not final: keep the run's state in AgentState")));
            }
        };
    }
}
