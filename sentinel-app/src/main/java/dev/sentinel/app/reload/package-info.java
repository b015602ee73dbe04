/**
 * Live config reload: {@link dev.sentinel.app.reload.Reloader} (SIGHUP, {@code POST /-/reload},
 * {@code --watch-config}) reads and validates the whole file, then has the engine apply the
 * difference; {@link dev.sentinel.app.reload.ConfigWatcher} notices the file change.
 */
package dev.sentinel.app.reload;
