/**
 * The {@code exec} watcher: runs a command without a shell on state changes and every
 * {@code interval}, and turns its exit status into a {@code success} or {@code error} outcome that
 * fires the watcher's success or failure transition. Commands and environment entries are
 * templates rendered on every run; the child gets the agent's environment plus the machine's
 * variables and temporary copies of the machine data and facts. Output is captured (bounded) for
 * the log or, with {@code parse_as_data}, stored into machine data. Compared with the original,
 * bare names are resolved in the PATH the child sees, the agent's environment is inherited,
 * timeouts kill the whole process tree and a watcher without interval also runs once at start.
 */
package mms.watcher.exec;
