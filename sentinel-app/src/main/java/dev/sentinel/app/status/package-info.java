/**
 * What the status page and its JSON API show: each task's last run and key values, success ratios,
 * a bounded history per target ({@link dev.sentinel.app.status.TargetHistory}), the destinations
 * and the agent.
 */
package dev.sentinel.app.status;
