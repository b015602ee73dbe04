package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Labels;
import dev.sentinel.core.model.Sample;

/**
 * Estimates the heap a held sample takes (64-bit JVM, compressed references): the sample object and
 * its queue slots, plus its label set when it does not share the previous sample's (a probe makes
 * the samples of one series group with one label set). Label names and values are strings shared
 * across samples and are not counted.
 */
public final class SampleSize {
  /** The Sample record (40 bytes) and its slot in the buffer's queue. */
  static final int SAMPLE = 48;

  /** A label set: the object and its two arrays, without the strings. */
  static final int LABELS = 56;

  static final int PER_LABEL = 8;

  /**
   * What to plan with per sample when the samples are not at hand: one with eight labels of its own
   * (measured samples of a ping target share theirs and take about 60 bytes).
   */
  public static final int PLANNING = SAMPLE + LABELS + 8 * PER_LABEL;

  private SampleSize() {}

  static int estimate(Sample s, Labels previous) {
    Labels labels = s.labels();
    return labels == previous ? SAMPLE : SAMPLE + LABELS + PER_LABEL * labels.size();
  }
}
