package io.signaltest.junit.service;

import static io.signaltest.junit.service.ServiceAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaltest.junit.fixtures.HttpApp;

/**
 * A correct service drains at every moment, and the run says what the harness saw; with the agent, the requests in
 * flight are seen in the handlers without a line of output.
 */
class ServiceTestIT {

    @ServiceTest(
            main = HttpApp.class,
            args = {"--port", "{port}"},
            readyUrl = "/ready",
            request = @ServiceTest.Request(path = "/slow?ms=1500", count = 3, expectedMillis = 1500),
            newRequest = @ServiceTest.Request(path = "/hello"),
            inHandlerOutput = "entered (?<id>\\S+)",
            lastOutput = "stopped",
            graceMillis = 15_000)
    void drainsAtEveryMoment(ServiceRun run) {
        System.out.println(run.exchanges().stream().map(Exchange::describe).toList());
        assertThat(run).drainedGracefully();
        assertThat(run.exitCode()).isEqualTo(143);
    }

    @ServiceTest(
            main = HttpApp.class,
            args = {"--port", "{port}"},
            readyUrl = "/ready",
            request = @ServiceTest.Request(path = "/slow?ms=1500", count = 3, expectedMillis = 1500),
            newRequest = @ServiceTest.Request(path = "/hello"),
            agent = true,
            lastOutput = "stopped",
            graceMillis = 15_000,
            at = {ServiceMoment.IN_FLIGHT, ServiceMoment.DURING_DRAIN})
    void theAgentSeesTheRequestsInTheHandlersOfTheJdkServer(ServiceRun run) {
        assertThat(run).drainedGracefully();
        // no inHandlerOutput: each request in flight was seen entering its handler by the agent
        assertThat(run.exchanges())
                .filteredOn(e -> e.role() == Exchange.Role.IN_FLIGHT)
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.entered()).isPresent());
    }
}
