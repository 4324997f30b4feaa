package io.signaltest.junit.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signaltest.junit.service.NewRequests;
import io.signaltest.junit.service.ServiceTest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** A @ServiceTest's service attributes, validated before anything starts, and their configured defaults. */
class ServiceSpecTest {

    @Test
    void aMisusedAttributeIsNamedWithWhatToDo() {
        assertThatThrownBy(() -> spec("noReadiness", Map.of()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@ServiceTest requires `readyUrl` or `readyOutput`, but neither is set");
        assertThatThrownBy(() -> spec("badUrl", Map.of()))
                .hasMessageContaining("requires `readyUrl` to be a path on the service (\"/ready\") or an http URL");
        assertThatThrownBy(() -> spec("servedWithoutTime", Map.of()))
                .hasMessageContaining("with `newRequests = SERVED` requires `servedForMillis`");
        assertThatThrownBy(() -> spec("relativePath", Map.of()))
                .hasMessageContaining("requires `request.path` to be a path on the service that starts with /");
    }

    @Test
    void attributesLeftAtTheirDefaultsComeFromTheConfiguration() {
        ServiceSpec spec = spec(
                "onlyTheDefaults",
                Map.of(
                        ServiceTest.READY_URL_PROPERTY, "/ready",
                        ServiceTest.REQUEST_PROPERTY, "POST /jobs 202",
                        ServiceTest.REQUEST_COUNT_PROPERTY, "3",
                        ServiceTest.NEW_REQUEST_PROPERTY, "GET /hello",
                        ServiceTest.NEW_REQUESTS_PROPERTY, "served:4000",
                        ServiceTest.EXIT_CODES_PROPERTY, "0,143"));
        assertThat(spec.readyUrl()).contains("/ready");
        assertThat(spec.request()).isEqualTo(new RequestSpec("POST", "/jobs", "", java.util.List.of(), 3, 202, 0));
        assertThat(spec.newRequest().describe()).isEqualTo("GET /hello");
        assertThat(spec.newRequests()).isEqualTo(NewRequests.SERVED);
        assertThat(spec.servedForMillis()).isEqualTo(4000);
        assertThat(spec.exitCodes()).containsExactlyInAnyOrder(0, 143);
        assertThat(spec.graceMillis()).isEqualTo(ServiceSpec.DEFAULT_GRACE_MILLIS);
    }

    @Test
    void aConfiguredRequestThatIsNotMethodAndPathIsRefused() {
        assertThatThrownBy(() -> spec(
                        "onlyTheDefaults",
                        Map.of(ServiceTest.READY_URL_PROPERTY, "/r", ServiceTest.REQUEST_PROPERTY, "/jobs")))
                .hasMessageContaining("it must be METHOD PATH, with an optional status");
    }

    @Test
    void theReadinessUrlIsOnTheServicesPort() {
        ServiceSpec spec = spec("onlyTheDefaults", Map.of(ServiceTest.READY_URL_PROPERTY, "/ready"));
        assertThat(spec.readyUri(8123))
                .hasValueSatisfying(uri -> assertThat(uri).hasToString("http://localhost:8123/ready"));
    }

    private static ServiceSpec spec(String method, Map<String, String> configuration) {
        try {
            ServiceTest annotation = Cases.class.getDeclaredMethod(method).getAnnotation(ServiceTest.class);
            return ServiceSpec.of(annotation, key -> Optional.ofNullable(configuration.get(key)));
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unused")
    static class Cases {
        @ServiceTest
        void noReadiness() {}

        @ServiceTest(readyUrl = "ftp://host/x")
        void badUrl() {}

        @ServiceTest(readyUrl = "/ready", newRequests = NewRequests.SERVED)
        void servedWithoutTime() {}

        @ServiceTest(readyUrl = "/ready", request = @ServiceTest.Request(path = "work"))
        void relativePath() {}

        @ServiceTest
        void onlyTheDefaults() {}
    }
}
