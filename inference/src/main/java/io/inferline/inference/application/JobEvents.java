package io.inferline.inference.application;

import io.inferline.contracts.v1.events.JobEvent;

/** Publishes job events; returns once the broker has them (acks=all). */
public interface JobEvents {

    void publish(JobEvent event);
}
