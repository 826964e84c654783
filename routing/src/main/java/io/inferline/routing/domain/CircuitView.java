package io.inferline.routing.domain;

/** Whether a model version's backend circuit is open, i.e. it must get no new work for now. */
@FunctionalInterface
public interface CircuitView {

    CircuitView ALL_CLOSED = (model, version) -> false;

    boolean isOpen(String model, String version);
}
