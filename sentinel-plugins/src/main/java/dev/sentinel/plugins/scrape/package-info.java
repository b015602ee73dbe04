/**
 * Scraping local exporters (issue 15, in progress): {@link
 * dev.sentinel.plugins.scrape.ExpositionParser} reads the Prometheus text format 0.0.4 and the
 * OpenMetrics text format strictly, one problem per line number. The {@code scrape} plugin itself
 * is not there yet.
 */
package dev.sentinel.plugins.scrape;
