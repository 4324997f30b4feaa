package io.signaltest.sample.plain;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.SignalTest;
import io.signaltest.sample.ScenarioMatrix;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The standard scenario matrix against programs with no signaltest code, through the agent
 * ({@code signaltest.program.agent=true}): the correct ones pass every scenario.
 */
class PlainProgramsIT {

    @Test
    void aCorrectFixedPoolBatchPassesTheWholeMatrixWithTheAgent() {
        EngineExecutionResults results = withTheAgent(FixedPoolBatch.class);

        assertThat(ScenarioMatrix.failureMessages(results)).isEmpty();
        assertThat(results.testEvents().succeeded().count()).isEqualTo(8);
    }

    static EngineExecutionResults withTheAgent(Class<?> program) {
        return ScenarioMatrix.run(Map.of(SignalTest.PROGRAM_MAIN_PROPERTY, program.getName(),
                SignalTest.PROGRAM_AGENT_PROPERTY, "true"));
    }
}
