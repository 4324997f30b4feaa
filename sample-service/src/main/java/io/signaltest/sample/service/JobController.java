package io.signaltest.sample.service;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code POST /jobs?millis=N}: starts a background job and answers 202 at once, with the job's id. */
@RestController
class JobController {

    private static final long MAX_MILLIS = 10 * 60 * 1000L;

    private final Jobs jobs;
    private final RequestIds requestIds;

    JobController(Jobs jobs, RequestIds requestIds) {
        this.jobs = jobs;
        this.requestIds = requestIds;
    }

    @PostMapping("/jobs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    String start(
            @RequestParam(defaultValue = "1000") long millis,
            @RequestHeader(name = RequestIds.HEADER, required = false) String requestId) {
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "millis must be a whole number from 0 to " + MAX_MILLIS + ", was " + millis);
        }
        String id = requestIds.idOf(requestId);
        jobs.run(id, millis);
        return "job " + id + "\n";
    }
}
