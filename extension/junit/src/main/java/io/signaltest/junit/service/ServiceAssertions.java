package io.signaltest.junit.service;

/**
 * The entry point of signaltest's assertions over a service's run.
 *
 * <pre>{@code
 * import static io.signaltest.junit.service.ServiceAssertions.assertThat;
 *
 * @ServiceTest(main = MyService.class, args = "--server.port={port}", readyUrl = "/actuator/health/readiness",
 *         at = ServiceMoment.IDLE)
 * void stopsWhenIdle(ServiceRun run) {
 *     assertThat(run).drainedGracefully();
 * }
 * }</pre>
 *
 * It can be imported next to {@code org.assertj.core.api.Assertions.assertThat} and
 * {@code io.signaltest.junit.SignalTestAssertions.assertThat}: for a {@link ServiceRun}, Java picks this one.
 *
 * @since 0.2
 */
public final class ServiceAssertions {

    private ServiceAssertions() {}

    /**
     * Assertions over {@code run}.
     *
     * @param run what a {@link ServiceTest} observed
     * @return the assertions, each returning the same object for chaining
     */
    public static ServiceRunAssert assertThat(ServiceRun run) {
        return new ServiceRunAssert(run);
    }
}
