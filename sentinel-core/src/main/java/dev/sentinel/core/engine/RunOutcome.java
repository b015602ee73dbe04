package dev.sentinel.core.engine;

import dev.sentinel.core.plugin.ProbeResult;
import java.time.Duration;

/**
 * What one run came to: its outcome, the probe's result (samples, error text) and how long it took.
 */
public record RunOutcome(Outcome outcome, ProbeResult result, Duration duration) {}
