package dev.sentinel.core.config;

import dev.sentinel.core.model.Labels;

/** Who this sentinel is: {@code sentinel}, {@code region} and extra labels on every sample. */
public record IdentityConfig(String name, String region, Labels labels) {
  /** The identity as labels: sentinel, region (when set) and sentinel.labels. */
  public Labels asLabels() {
    Labels base =
        region.isEmpty()
            ? Labels.of("sentinel", name)
            : Labels.of("sentinel", name, "region", region);
    return base.merge(labels);
  }
}
