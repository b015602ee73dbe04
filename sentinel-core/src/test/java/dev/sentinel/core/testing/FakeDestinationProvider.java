package dev.sentinel.core.testing;

import dev.sentinel.core.destination.Destination;
import dev.sentinel.core.destination.DestinationProvider;
import dev.sentinel.core.destination.DestinationSpec;
import dev.sentinel.core.destination.SendResult;
import dev.sentinel.core.destination.SenderDefaults;
import dev.sentinel.core.model.Sample;
import dev.sentinel.core.options.Section;
import java.util.ArrayList;
import java.util.List;

/** A destination for core tests that records batches and answers with a scripted result. */
public final class FakeDestinationProvider implements DestinationProvider {
  private final String type;

  public FakeDestinationProvider(String type) {
    this.type = type;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public DestinationSpec configure(Section options, SenderDefaults defaults) {
    // Like the real file destination, "file" needs no options: it is the fallback when none is
    // enabled.
    String url =
        type.equals("file") ? options.string("url", "fake://file") : options.requiredString("url");
    return new DestinationSpec() {
      @Override
      public String name() {
        return type;
      }

      @Override
      public String describe() {
        return type + " " + url;
      }

      @Override
      public Destination open() {
        return new Recording(type);
      }
    };
  }

  /** A spec that always opens the given recording, so a test can watch what the engine sent. */
  public static DestinationSpec specFor(Recording recording) {
    return new DestinationSpec() {
      @Override
      public String name() {
        return recording.name();
      }

      @Override
      public String describe() {
        return recording.name();
      }

      @Override
      public Destination open() {
        return recording;
      }
    };
  }

  /** Records what it was sent; {@link #next} decides the answer. */
  public static final class Recording implements Destination {
    private final String name;
    public final List<List<Sample>> batches = new ArrayList<>();
    public volatile SendResult next = SendResult.DELIVERED;

    /** How long each send blocks (a hanging backend). */
    public volatile long delayMillis;

    public Recording(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public SendResult send(List<Sample> batch) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return SendResult.retry("interrupted");
      }
      synchronized (this) {
        batches.add(List.copyOf(batch));
      }
      return next;
    }

    public synchronized List<Sample> samples() {
      return batches.stream().flatMap(List::stream).toList();
    }

    public synchronized int sampleCount() {
      return batches.stream().mapToInt(List::size).sum();
    }
  }
}
