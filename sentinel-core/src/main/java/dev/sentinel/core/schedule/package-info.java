/**
 * Firing tasks on an interval or a cron schedule. The only package that uses Quartz; a fire only
 * hands the run over.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.core.schedule;
