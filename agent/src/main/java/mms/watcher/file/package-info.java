/**
 * The {@code file} watcher: either watches a file's modification time, reporting {@code changed}
 * when it moves forward and {@code error} when the file is missing, or — with {@code contents} —
 * manages the file, writing the rendered content with the given mode, owner and group through a
 * temporary file in the same directory and an atomic rename. Modes are octal and checked when the
 * machine loads (templated modes at each check); a file that already matches is not rewritten, and
 * ownership changes that need root fail with a message saying so.
 */
package mms.watcher.file;
