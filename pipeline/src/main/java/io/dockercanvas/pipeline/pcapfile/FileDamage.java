package io.dockercanvas.pipeline.pcapfile;

/** Damage in a capture file that stopped reading early: where (byte offset) and what. */
public record FileDamage(long offset, String message) {}
