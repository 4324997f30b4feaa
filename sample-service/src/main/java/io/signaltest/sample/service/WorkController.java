package io.signaltest.sample.service;

import io.signaltest.sample.service.payload.Payload;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /work}: a slow request with a body a client can check; {@code GET /hello}: a quick one. */
@RestController
class WorkController {

    private static final Logger log = LoggerFactory.getLogger(WorkController.class);

    private static final long MAX_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final long MAX_BYTES = 1L << 30;

    private final RequestIds requestIds;

    WorkController(RequestIds requestIds) {
        this.requestIds = requestIds;
    }

    @GetMapping("/work")
    void work(
            @RequestParam(defaultValue = "0") long millis,
            @RequestParam(defaultValue = "1024") long bytes,
            @RequestHeader(name = RequestIds.HEADER, required = false) String requestId,
            HttpServletResponse response)
            throws IOException, InterruptedException {
        check("millis", millis, MAX_MILLIS);
        check("bytes", bytes, MAX_BYTES);
        String id = requestIds.idOf(requestId);
        log.info("request {} entered /work", id);
        Thread.sleep(millis); // stands for the slow part: a query, a call to another service

        // Written here rather than returned, so that "answered" is logged once the body has left.
        response.setContentType("text/plain");
        response.setContentLengthLong(bytes);
        ServletOutputStream body = response.getOutputStream();
        Payload.write(body, bytes);
        body.flush();
        log.info("request {} answered", id);
    }

    @GetMapping("/hello")
    String hello() {
        return "hello\n";
    }

    private static void check(String name, long value, long max) {
        if (value < 0 || value > max) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, name + " must be a whole number from 0 to " + max + ", was " + value);
        }
    }
}
