/**
 * The sample service on the JDK's {@code com.sun.net.httpserver.HttpServer}, with no dependency: {@code java -cp
 * target/classes io.signaltest.sample.service.plain.PlainService --port N}.
 *
 * <p>It follows the contract of {@link io.signaltest.sample.service}, with {@code GET /ready} for readiness and no
 * background work. Variants, by {@code --variant NAME} or the environment variable {@code VARIANT}:
 *
 * <ul>
 *   <li>{@code correct} (the default): on SIGTERM, {@code /ready} and every new request get 503 {@code draining} (with
 *       {@code Connection: close}) while the requests in flight finish, for up to 20 s; then the server stops, and the
 *       service prints {@code service stopped}.
 *   <li>{@code stop-now}: {@code HttpServer.stop(0)} on SIGTERM; the connections of the requests in flight are closed
 *       before any answer.
 * </ul>
 */
package io.signaltest.sample.service.plain;
