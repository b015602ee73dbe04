package dev.sentinel.core.destination;

import java.time.Duration;

/** Sender-wide settings a destination may use: request timeout and the User-Agent to send. */
public record SenderDefaults(Duration timeout, String userAgent) {}
