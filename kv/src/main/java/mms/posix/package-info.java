/**
 * Files and directories private to the agent's user, shared by the store and the agent: the
 * embedded store and its WAL files, the state directory, the events file. {@link
 * mms.posix.PrivateFiles} creates them with modes 0600 and 0700 and reports those that already
 * exist with wider modes, without changing them: an operator may have widened them on purpose, and
 * the warning says what is exposed and how to narrow it.
 */
package mms.posix;
