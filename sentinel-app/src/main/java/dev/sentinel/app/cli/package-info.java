/**
 * The {@code sentinel} command line (picocli is used only here): {@code start} wires the daemon
 * (config, logging, the engine and its scheduler, the web listener), {@code check}, {@code
 * version}, {@code help}, and {@code trigger}, whose subcommands are rendered from the plugins'
 * trigger specs. Commands are thin: parse, call core, print, return 0/1/2/3.
 *
 * <p>Nothing here is null unless its documentation says so: parameters, return values and fields
 * are non-null; the few that may be null say so.
 */
package dev.sentinel.app.cli;
