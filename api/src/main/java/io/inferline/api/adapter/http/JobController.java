package io.inferline.api.adapter.http;

import io.inferline.api.application.Authenticator;
import io.inferline.api.application.JobService;
import io.inferline.api.domain.Job;
import io.inferline.common.error.NotFoundException;
import io.inferline.contracts.v1.jobs.JobResource;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.util.UUID;

@Controller("/v1/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
class JobController {

    private final Authenticator authenticator;
    private final JobService jobs;
    private final JobSubmissionReader reader;

    JobController(Authenticator authenticator, JobService jobs, JobSubmissionReader reader) {
        this.authenticator = authenticator;
        this.jobs = jobs;
        this.reader = reader;
    }

    @Post(consumes = MediaType.APPLICATION_JSON)
    HttpResponse<JobResource> submit(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                     @Nullable @Body JsonNode body) {
        var caller = authenticator.authenticate(authorization);
        Job job = jobs.submit(caller, reader.read(body));
        var resource = toResource(job);
        return HttpResponse.accepted(URI.create(resource.links().self())).body(resource);
    }

    @Get("/{id}")
    JobResource get(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id) {
        var caller = authenticator.authenticate(authorization);
        return toResource(jobs.get(caller, parseId(id)));
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("job", id);
        }
    }

    private static JobResource toResource(Job job) {
        return new JobResource(job.id(), JobResource.OBJECT, job.status(), job.model(), job.input(), job.output(),
                job.error(), job.attempt(), job.createdAt(), job.startedAt(), job.finishedAt(),
                JobResource.Links.of(job.id()));
    }
}
