/**
 * File-system operations that more than one part of the agent needs done the same careful way.
 * Today that is {@link mms.files.FileTrees#deleteTree}, which both the archive installer
 * ({@code mms.archive}) and the machines watcher ({@code mms.watcher.machines}) use to remove
 * directories they own, without ever following a symbolic link out of them. Operations that only
 * look alike (each caller's atomic write has its own temporary name, fsync and fallback rules) stay
 * with their callers until they are truly the same.
 */
package mms.files;
