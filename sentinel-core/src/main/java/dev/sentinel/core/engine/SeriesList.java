package dev.sentinel.core.engine;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;
import java.util.AbstractList;
import java.util.List;

/**
 * The series a run produced, kept for staleness markers (the task removed, or replaced by a
 * reload): only each series' name, label set and kind, about 9 bytes a series where the samples
 * themselves took 40 or more. A task of 100,000 ping targets keeps a million series between runs.
 * Read back as samples stamped with the run's latest timestamp (value 0): what a marker needs.
 */
final class SeriesList extends AbstractList<Sample> {
  private static final Sample.Kind[] KINDS = Sample.Kind.values();

  private final String[] names;
  private final Labels[] labels;
  private final byte[] kinds;
  private volatile long timestampMs; // the latest run's (a reused list is restamped)

  private SeriesList(String[] names, Labels[] labels, byte[] kinds, long timestampMs) {
    this.names = names;
    this.labels = labels;
    this.kinds = kinds;
    this.timestampMs = timestampMs;
  }

  /**
   * {@code previous} when {@code samples} are the same series in the same order (the usual run,
   * whose label sets the probe reuses): nothing new to keep, so nothing new lives ten seconds and
   * ends in the old generation. Else a new list.
   */
  static SeriesList of(List<Sample> samples, List<Sample> previous) {
    if (previous instanceof SeriesList p && p.sameSeries(samples)) {
      long latest = Long.MIN_VALUE;
      for (int i = 0; i < samples.size(); i++) {
        latest = Math.max(latest, samples.get(i).timestampMs());
      }
      p.timestampMs = latest;
      return p;
    }
    return of(samples);
  }

  private boolean sameSeries(List<Sample> samples) {
    if (samples.size() != names.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      Sample s = samples.get(i);
      if (s.name() != names[i] || s.labels() != labels[i] || s.kind().ordinal() != kinds[i]) {
        return false;
      }
    }
    return true;
  }

  static SeriesList of(List<Sample> samples) {
    int n = samples.size();
    String[] names = new String[n];
    Labels[] labels = new Labels[n];
    byte[] kinds = new byte[n];
    long latest = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      Sample s = samples.get(i);
      names[i] = s.name();
      labels[i] = s.labels();
      kinds[i] = (byte) s.kind().ordinal();
      latest = Math.max(latest, s.timestampMs());
    }
    return new SeriesList(names, labels, kinds, latest);
  }

  @Override
  public Sample get(int index) {
    return new Sample(names[index], labels[index], 0, timestampMs, KINDS[kinds[index]]);
  }

  @Override
  public int size() {
    return names.length;
  }
}
