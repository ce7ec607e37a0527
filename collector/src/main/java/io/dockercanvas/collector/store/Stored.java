package io.dockercanvas.collector.store;

/** An item with its store sequence number (1 for the first item ever added, then +1 per item). */
public record Stored<T>(long sequence, T value) {}
