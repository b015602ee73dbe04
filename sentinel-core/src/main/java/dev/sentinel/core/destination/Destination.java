package dev.sentinel.core.destination;

import dev.sentinel.core.model.Sample;
import java.util.List;

/**
 * Where samples go. It decides how a batch is delivered; it never schedules (the sender loop
 * decides when). Called by one thread at a time.
 */
public interface Destination extends AutoCloseable {
  String name();

  /** Delivers one batch (samples in time order per series). Never throws. */
  SendResult send(List<Sample> batch);

  @Override
  default void close() {}
}
