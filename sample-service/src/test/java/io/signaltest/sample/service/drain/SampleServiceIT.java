package io.signaltest.sample.service.drain;

import static io.signaltest.junit.service.ServiceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.service.Exchange;
import io.signaltest.junit.service.ServiceMoment;
import io.signaltest.junit.service.ServiceRun;
import io.signaltest.junit.service.ServiceTest;
import io.signaltest.sample.service.SampleServiceApplication;
import io.signaltest.sample.service.plain.PlainService;

/**
 * The sample services drain on SIGTERM at every moment: Spring Boot on Tomcat and on Jetty, and the plain JDK
 * {@code HttpServer} service; their background work (an {@code @Async} job, a scheduled export) finishes too. With the
 * agent, the requests in flight are seen inside the handlers from the server's side, with no line of output.
 */
class SampleServiceIT {

    // tag::spring-service[]
    @ServiceTest(
            main = SampleServiceApplication.class,
            args = {"--server.port={port}", "--sample.work-dir={runDir}/work"},
            readyUrl = "/actuator/health/readiness",
            request = @ServiceTest.Request(path = "/work?millis=1500", count = 3, expectedMillis = 1500),
            newRequest = @ServiceTest.Request(path = "/hello"),
            inHandlerOutput = "request (?<id>\\S+) entered",
            lastOutput = "service stopped")
    void springOnTomcatDrains(ServiceRun run) {
        assertThat(run).drainedGracefully();
    }
    // end::spring-service[]

    @ServiceTest(
            main = SampleServiceApplication.class,
            args = {"--server.port={port}", "--sample.work-dir={runDir}/work", "--spring.profiles.active=jetty"},
            readyUrl = "/actuator/health/readiness",
            request = @ServiceTest.Request(path = "/work?millis=1500", count = 3, expectedMillis = 1500),
            newRequest = @ServiceTest.Request(path = "/hello"),
            inHandlerOutput = "request (?<id>\\S+) entered",
            lastOutput = "service stopped")
    void springOnJettyDrains(ServiceRun run) {
        assertThat(run).drainedGracefully();
    }

    @ServiceTest(
            main = PlainService.class,
            args = {"--port", "{port}"},
            readyUrl = "/ready",
            request = @ServiceTest.Request(path = "/work?millis=1500", count = 3, expectedMillis = 1500),
            newRequest = @ServiceTest.Request(path = "/hello"),
            inHandlerOutput = "request (?<id>\\S+) entered",
            lastOutput = "service stopped")
    void plainServiceDrains(ServiceRun run) {
        assertThat(run).drainedGracefully();
    }

    // tag::async-jobs[]
    @ServiceTest(
            main = SampleServiceApplication.class,
            args = {"--server.port={port}", "--sample.work-dir={runDir}/work"},
            readyUrl = "/actuator/health/readiness",
            request = @ServiceTest.Request(method = "POST", path = "/jobs?millis=1500", count = 2, status = 202),
            newRequest = @ServiceTest.Request(path = "/hello"),
            inHandlerOutput = "job (?<id>\\S+) started",
            at = ServiceMoment.IN_FLIGHT)
    void asyncJobsFinish(ServiceRun run) {
        assertThat(run).drainedGracefully().matchedEveryStartWithACleanup("job (\\S+) started", "job (\\S+) finished");
    }
    // end::async-jobs[]

    @ServiceTest(
            main = SampleServiceApplication.class,
            args = {"--server.port={port}", "--sample.work-dir={runDir}/work"},
            readyUrl = "/actuator/health/readiness",
            newRequest = @ServiceTest.Request(path = "/hello"),
            atOutput = "export \\d+ started")
    void scheduledExportFinishes(ServiceRun run) {
        assertThat(run)
                .drainedGracefully()
                .matchedEveryStartWithACleanup("export (\\d+) started", "export (\\d+) written");
        assertThat(run.directory().resolve("work/export.csv.tmp")).doesNotExist();
    }

    // tag::agent-evidence[]
    @ServiceTest(
            main = SampleServiceApplication.class,
            args = {"--server.port={port}", "--sample.work-dir={runDir}/work"},
            readyUrl = "/actuator/health/readiness",
            request = @ServiceTest.Request(path = "/work?millis=1500", count = 3, expectedMillis = 1500),
            newRequest = @ServiceTest.Request(path = "/hello"),
            agent = true, // no inHandlerOutput: the agent sees the requests enter the servlet
            at = {ServiceMoment.IN_FLIGHT, ServiceMoment.DURING_DRAIN})
    void springOnTomcatDrainsWithTheAgentWatchingItsServlet(ServiceRun run) {
        assertThat(run).drainedGracefully();
        assertThat(run.exchanges())
                .filteredOn(e -> e.role() == Exchange.Role.IN_FLIGHT)
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.entered()).isPresent());
    }
    // end::agent-evidence[]

    @ServiceTest(
            main = SampleServiceApplication.class,
            args = {"--server.port={port}", "--sample.work-dir={runDir}/work", "--spring.profiles.active=jetty"},
            readyUrl = "/actuator/health/readiness",
            request = @ServiceTest.Request(path = "/work?millis=1500", count = 3, expectedMillis = 1500),
            newRequest = @ServiceTest.Request(path = "/hello"),
            agent = true,
            at = ServiceMoment.IN_FLIGHT)
    void springOnJettyDrainsWithTheAgentWatchingItsServlet(ServiceRun run) {
        assertThat(run).drainedGracefully();
        assertEveryRequestInFlightWasSeenInItsHandler(run);
    }

    @ServiceTest(
            main = PlainService.class,
            args = {"--port", "{port}"},
            readyUrl = "/ready",
            request = @ServiceTest.Request(path = "/work?millis=1500", count = 3, expectedMillis = 1500),
            newRequest = @ServiceTest.Request(path = "/hello"),
            agent = true,
            at = ServiceMoment.IN_FLIGHT)
    void plainServiceDrainsWithTheAgentWatchingItsHandlers(ServiceRun run) {
        assertThat(run).drainedGracefully();
        assertEveryRequestInFlightWasSeenInItsHandler(run);
    }

    /** The requests in flight were each seen entering a handler: by the agent, as no line of output names them. */
    private static void assertEveryRequestInFlightWasSeenInItsHandler(ServiceRun run) {
        assertThat(run.exchanges())
                .filteredOn(e -> e.role() == Exchange.Role.IN_FLIGHT)
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.entered()).isPresent());
    }
}
