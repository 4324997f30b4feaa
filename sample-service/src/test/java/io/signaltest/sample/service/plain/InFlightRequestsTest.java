package io.signaltest.sample.service.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.signaltest.sample.service.plain.InFlightRequests.Admission;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InFlightRequestsTest {

    private final InFlightRequests inFlight = new InFlightRequests();
    private final ExecutorService drainer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopDrainer() {
        drainer.shutdownNow();
    }

    @Test
    void counts_requests_in_and_out() {
        assertThat(inFlight.enter()).isEqualTo(Admission.SERVE);
        assertThat(inFlight.enter()).isEqualTo(Admission.SERVE);
        inFlight.exit();

        assertThat(inFlight.active()).isEqualTo(1);
        assertThat(inFlight.draining()).isFalse();
    }

    @Test
    void a_drain_with_nothing_in_flight_returns_at_once() {
        // a drain that waited for nothing would sit out its day and fail at the deadline
        assertThat(assertTimeoutPreemptively(Duration.ofMinutes(1), () -> inFlight.drain(Duration.ofDays(1))))
                .isTrue();
    }

    @Test
    void a_drain_refuses_new_requests_from_its_start() throws Exception {
        inFlight.enter();
        Future<Boolean> drain = drainer.submit(() -> inFlight.drain(Duration.ofSeconds(30)));
        awaitDraining();

        assertThat(inFlight.enter()).isEqualTo(Admission.REFUSE);
        assertThat(inFlight.active()).isEqualTo(2);
        assertThat(drain).isNotDone();
        inFlight.exit();
        inFlight.exit();
        assertThat(drain.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_drain_waits_for_its_refusals_to_be_written() throws Exception {
        Future<Boolean> drain;
        inFlight.enter();
        drain = drainer.submit(() -> inFlight.drain(Duration.ofSeconds(30)));
        awaitDraining();
        assertThat(inFlight.enter()).isEqualTo(Admission.REFUSE);

        inFlight.exit(); // the request served is done, the 503 is still being written
        assertThat(catchThrowable(() -> drain.get(200, TimeUnit.MILLISECONDS)))
                .as("drained while a 503 was still being written")
                .isInstanceOf(TimeoutException.class);
        inFlight.exit();

        assertThat(drain.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void after_the_drain_an_exchange_is_closed_without_an_answer() throws InterruptedException {
        assertThat(inFlight.drain(Duration.ofSeconds(30))).isTrue();

        assertThat(inFlight.enter()).isEqualTo(Admission.CLOSE);
        assertThat(inFlight.active()).isZero();
    }

    @Test
    void a_drain_waits_for_the_last_request_in_flight() throws Exception {
        inFlight.enter();
        inFlight.enter();
        CountDownLatch drained = new CountDownLatch(1);
        CompletableFuture<Boolean> drain = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return inFlight.drain(Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        drained.countDown();
                    }
                },
                drainer);
        awaitDraining();

        inFlight.exit();
        assertThat(drained.await(200, TimeUnit.MILLISECONDS))
                .as("drained with a request still in flight")
                .isFalse();
        inFlight.exit();

        assertThat(drain.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_drain_gives_up_when_its_time_is_out() throws InterruptedException {
        inFlight.enter();

        assertThat(inFlight.drain(Duration.ofMillis(50))).isFalse();
        assertThat(inFlight.active()).isEqualTo(1);
        assertThat(inFlight.draining()).isTrue();
    }

    @Test
    void an_exit_without_an_entry_is_a_bug() {
        assertThatIllegalStateException().isThrownBy(inFlight::exit).withMessage("exit() without a matching enter()");
    }

    private void awaitDraining() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!inFlight.draining()) {
            assertThat(System.nanoTime()).as("draining within 10 s").isLessThan(deadline);
            Thread.yield(); // the drainer thread is about to start its drain
        }
    }
}
