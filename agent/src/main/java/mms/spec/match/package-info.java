/**
 * The matcher language of machines and plugins specifications: the subset of expr-lang
 * (v1.17) that decides on each node whether a machine belongs there, e.g.
 * {@code identity('^web\d+') && has_command('facter')}. The expression watcher's
 * {@code success_when} and {@code fail_when} use the same language with the variables
 * {@code identity}, {@code data} and {@code facts} ({@link mms.spec.match.Dialect#EXPRESSION}).
 * A hand-written lexer, a precedence-climbing parser with expr-lang's operator table, a checker
 * that rejects what expr-lang rejects at compile time (unknown names, wrong calls, impossible
 * operand types, a non-boolean result, with {@code line:column} positions) and a tree-walking
 * evaluator. The node is seen only through {@link mms.spec.match.MatchEnvironment}: its identity,
 * facts, machine data, {@code PATH} and a {@link mms.spec.match.FileProbe}, so tests can run
 * without touching the real system. Regular expressions are RE2 (RE2/J): the original's Go
 * syntax, matched in linear time. Expressions are limited in length and depth
 * ({@link mms.spec.match.Matcher#MAX_LENGTH}, {@link mms.spec.match.Matcher#MAX_DEPTH}) so that
 * none can exhaust a node. Not supported from expr-lang: built-in functions ({@code len},
 * {@code upper}, ...), ranges, pipes, predicates, {@code let}, slices and byte strings; they fail
 * to compile with a message saying so.
 */
package mms.spec.match;
