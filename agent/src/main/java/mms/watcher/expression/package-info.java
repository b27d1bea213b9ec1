/**
 * The {@code expression} watcher: evaluates {@code success_when} and {@code fail_when} every
 * {@code interval} (default 10s) and on wake-ups, and fires the success or failure transition when
 * the outcome turns to {@code success_when} or {@code failed_when}. The expressions are the
 * matchers' expr-lang ({@link mms.spec.match}) over the node's {@code identity}, the machine
 * {@code data}, the {@code facts} and {@code get_fact(query)}; they compile when the machine loads.
 * A change of machine data or facts wakes the watcher at once, where the original waits for its
 * next interval.
 */
package mms.watcher.expression;
