package dev.sentinel.core.buffer;

import dev.sentinel.core.model.Labels;

/**
 * Estimates the heap a held sample takes in the memory buffer (64-bit JVM, compressed references).
 * The buffer keeps its samples in columns, not as objects: a value, a timestamp offset, a name and
 * a label set reference and a kind, 21 bytes. A sample whose label set is not the previous sample's
 * also counts that label set (a probe makes the samples of one series group with one label set).
 * Label names and values are strings shared across samples and are not counted.
 */
public final class SampleSize {
  /** A sample's columns: value 8, timestamp offset 4, name 4, labels 4, kind 1. */
  static final int SAMPLE = 21;

  /** A label set: the object and its two arrays, without the strings. */
  static final int LABELS = 56;

  static final int PER_LABEL = 8;

  /**
   * What to plan with per sample when the samples are not at hand: one with eight labels of its own
   * (measured samples of a ping target share theirs and take about 30 bytes).
   */
  public static final int PLANNING = SAMPLE + LABELS + 8 * PER_LABEL;

  private SampleSize() {}

  static int estimate(Labels labels, Labels previous) {
    return labels == previous ? SAMPLE : SAMPLE + LABELS + PER_LABEL * labels.size();
  }
}
