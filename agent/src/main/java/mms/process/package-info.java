/**
 * Running other programs, for every part of mms that does: the {@code exec} watcher, {@code mms
 * governor run}, and later a {@code nagios} watcher. {@link mms.process.CommandLine} splits a
 * command line into words as the original does (no shell), {@link mms.process.ProgramLookup} finds
 * the program in the {@code PATH} the child will see, and {@link mms.process.ProcessRunner} runs a
 * {@link mms.process.ProcessRequest} (environment, working directory, standard streams, timeout,
 * disown) to a {@link mms.process.ProcessOutcome}: exited with a code, or timed out, with its
 * output captured up to a limit. A timeout or an interrupted wait kills the process and its
 * descendants, so a stopped machine leaves no process of a check behind; only a disowned process
 * outlives the wait. Nothing here knows about machines or watchers.
 */
package mms.process;
