/**
 * HTTP services to stop with SIGTERM: a Spring Boot service that drains gracefully, its broken variants, and the same
 * service on the JDK's own HTTP server ({@code plain}).
 *
 * <h2>The contract</h2>
 *
 * Every service, Spring or plain, correct or broken, serves and prints the same:
 *
 * <ul>
 *   <li><b>Port.</b> Spring: {@code server.port} ({@code --server.port=N}, {@code -Dserver.port=N} or the environment
 *       variable {@code SERVER_PORT}). Plain: {@code --port N} or the environment variable {@code PORT}. Both listen on
 *       8080 when given none, on all interfaces. A port in use fails the start with exit code 1 and a message that
 *       names the port: Spring Boot's {@code Web server failed to start. Port N was already in use.} on stdout, the
 *       plain service's on stderr.
 *   <li><b>Ready.</b> Once it serves, a service prints {@code service ready on port <port>}.
 *   <li><b>{@code GET /work?millis=N&bytes=B}</b> (defaults 0 and 1024): prints {@code request <id> entered /work} on
 *       entering the handler, where {@code <id>} is the request's {@code X-Request-Id} header, or else a number counted
 *       from 1; works for N ms; answers 200 with {@code Content-Length: B} and the B bytes of
 *       {@link io.signaltest.sample.service.payload.Payload}; then prints {@code request <id> answered}. A value that
 *       is no number, or out of range, gets a 400 and neither line.
 *   <li><b>{@code GET /hello}</b>: 200 {@code hello}.
 *   <li><b>Readiness.</b> Spring: {@code GET /actuator/health/readiness}, 200 {@code {"status":"UP"}} while serving,
 *       503 {@code {"status":"OUT_OF_SERVICE"}} from the start of the shutdown (seen by a client only while the web
 *       server still answers: see the correct shutdown below). Plain: {@code GET /ready}, 200 {@code ready}, then 503
 *       {@code draining}.
 *   <li><b>Stop.</b> SIGTERM or SIGINT starts the shutdown, whose first line begins with {@code service stopping} and
 *       whose last line is {@code service stopped}. The JVM then exits with 143 (SIGTERM) or 130 (SIGINT).
 * </ul>
 *
 * Spring's lines go through its console logging to stdout, so each one ends with the text above (after the time, level,
 * thread and logger); the plain service prints the bare text. Both flush every line.
 *
 * <h2>The Spring service's background work</h2>
 *
 * <ul>
 *   <li>{@code POST /jobs?millis=N} (default 1000) answers 202 {@code job <id>} at once and runs an {@code @Async} job
 *       that prints {@code job <id> started}, works N ms, and prints {@code job <id> finished}; the id follows the same
 *       rule as a request's.
 *   <li>An export runs {@code sample.export.interval} (400 ms) after the end of the last one: it prints {@code export
 *       <n> started}, writes {@code sample.export.steps} (4) pages taking {@code sample.export.step-time} (150 ms) each
 *       into {@code export.csv.tmp} in {@code sample.work-dir} (default
 *       {@code <java.io.tmpdir>/signaltest-sample-service}; give each running service its own), renames it to
 *       {@code export.csv}, and prints {@code export <n> written}. After a clean stop no {@code export.csv.tmp} is
 *       left.
 * </ul>
 *
 * <h2>The correct shutdown (no profile)</h2>
 *
 * On SIGTERM readiness turns 503; after {@code sample.shutdown.delay} (below) the web server stops accepting
 * connections: a new connection is refused. A request on a connection kept alive from before the signal is closed
 * without an answer by Tomcat; Jetty mostly still answers it (readiness with its 503, {@code /work} with 200) but
 * sometimes closes it too. The requests in flight finish with their whole answer, for up to 15 s
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}); the running jobs are awaited for up to 10 s and a running
 * export for up to 3 s. After Spring Boot's {@code Graceful shutdown complete}, the last line is {@code service
 * stopped}.
 *
 * <p>{@code sample.shutdown.delay} (1 s; 0 turns it off): the service first goes on serving everything for that long
 * with readiness at 503 (so a probe sees the 503), and only then drains. Without it, Tomcat 11 answered a request that
 * arrived on a new connection just as its connector paused with 400 Bad Request, or reset it: a client cannot retry the
 * 400.
 *
 * <h2>Web server</h2>
 *
 * Tomcat, or Jetty with the profile {@code jetty}: both are in the jar, and the profile only changes which one Spring
 * Boot configures. It combines with any variant, as in {@code --spring.profiles.active=jetty,immediate-shutdown}.
 *
 * <h2>Broken variants: one profile each</h2>
 *
 * <ul>
 *   <li>{@code immediate-shutdown}: {@code server.shutdown=immediate}; the requests in flight are cut without an
 *       answer.
 *   <li>{@code short-phase-timeout}: {@code spring.lifecycle.timeout-per-shutdown-phase=1s}; a request still in flight
 *       one second after SIGTERM is cut.
 *   <li>{@code async-not-awaited}: the {@code @Async} executor is a JDK pool nobody waits for; a running job never
 *       prints {@code job <id> finished}.
 *   <li>{@code scheduled-cut}: the {@code @Scheduled} export runs on a JDK pool nobody waits for; an export running at
 *       the end never prints {@code export <n> written} and leaves {@code export.csv.tmp} behind.
 *   <li>{@code exit-in-hook}: a bean calls {@code System.exit(0)} as the context closes; the process hangs after
 *       draining and never exits until SIGKILL.
 *   <li>{@code lost-shutdown-logs}: logback's own shutdown hook stops logging as SIGTERM arrives; the lines of the
 *       shutdown, {@code service stopped} among them, are never printed.
 * </ul>
 */
package io.signaltest.sample.service;
