package io.signaltest.junit.internal.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.service.Exchange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's facts, written to run.json and read back whole, as the report reads them at the end of a test plan. */
class RunFactsTest {

    @TempDir
    Path dir;

    @Test
    void aBatchRunsFactsReadBackAsTheyWereWritten() throws Exception {
        RunFacts facts = new RunFacts(
                4242,
                130,
                "SIGINT",
                "QUEUE_WAITING",
                1_000,
                2_000,
                List.of(2_100L, 2_900L),
                3_000,
                900,
                null,
                null,
                3,
                1,
                List.of("a remark"));

        Path run = write(facts);

        assertThat(RunFacts.read(run)).contains(facts);
        String text = Files.readString(run.resolve(RunFacts.FILE));
        assertThat(text)
                .contains("\"signalNanos\" : [ 2100, 2900 ]")
                .doesNotContain("momentLine")
                .doesNotContain("service");
    }

    @Test
    void aServiceRunsRequestsReadBackWithTheirEnums() throws Exception {
        RequestFact request = new RequestFact(
                "r1",
                Exchange.Role.IN_FLIGHT,
                "GET",
                "/work",
                Exchange.Connection.NEW,
                10,
                20,
                30,
                40,
                Exchange.Outcome.ANSWERED,
                200,
                12,
                12,
                null);
        ServiceFacts service = new ServiceFacts(8080, 5, 6, -1, 3, 30_000, false, true, List.of(request));
        RunFacts facts = new RunFacts(
                7, 143, "SIGTERM", "IN_FLIGHT", 1, 2, List.of(3L), 4, -1, null, null, -1, -1, List.of(), service);

        assertThat(RunFacts.read(write(facts))).contains(facts);
    }

    private Path write(RunFacts facts) {
        RunDirectory files = RunDirectory.prepare(dir, "SomeTest", "run", "QUEUE_WAITING-SIGINT");
        facts.write(files);
        return files.path();
    }

    @Test
    void aFileOfAnotherVersionReadsWhatItKnows() throws Exception {
        Files.writeString(
                dir.resolve(RunFacts.FILE),
                "{\"pid\": 12, \"exitCode\": 0, \"signal\": \"SIGHUP\", \"somethingNew\": {\"a\": [1]}}");

        RunFacts facts = RunFacts.read(dir).orElseThrow();

        assertThat(facts.pid()).isEqualTo(12);
        assertThat(facts.signal()).isEqualTo("SIGHUP");
        assertThat(facts.signalNanos()).isEmpty();
        assertThat(facts.service()).isNull();
    }

    @Test
    void anUnreadableFileIsNoFacts() throws Exception {
        Files.writeString(dir.resolve(RunFacts.FILE), "{\"pid\": ");
        assertThat(RunFacts.read(dir)).isEmpty();
    }
}
