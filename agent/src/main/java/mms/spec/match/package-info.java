/**
 * The matcher language of machines and plugins specifications: expr-lang (v1.17), the original's
 * language, deciding on each node whether a machine belongs there, e.g.
 * {@code identity('^web\d+') && has_command('facter')} or
 * {@code get_fact('tags') | any(# startsWith 'db')}. The expression watcher's {@code success_when}
 * and {@code fail_when} use the same language with the variables {@code identity} (a string),
 * {@code data} and {@code facts} and the function {@code get_fact}
 * ({@link mms.spec.match.Dialect#EXPRESSION}). A hand-written lexer, a precedence-climbing
 * parser with expr-lang's grammar (sequences, {@code let}, {@code if}/{@code else}, pipes,
 * ranges, predicates with {@code #}, optional chaining, slices), a checker that rejects what
 * expr-lang rejects at compile time (unknown names, wrong calls of functions and built-ins,
 * impossible operand types, a non-boolean result, with {@code line:column} positions), a
 * tree-walking evaluator with expr-lang's run-time rules ({@code Values}) and its
 * built-in functions ({@code Builtin}), with Go's string semantics. The node is
 * seen only through {@link mms.spec.match.MatchEnvironment}: its identity, facts, machine data,
 * {@code PATH} and a {@link mms.spec.match.FileProbe}, so tests can run without touching the real system.
 * Regular expressions are RE2 (RE2/J): the original's Go syntax, matched in linear time.
 * Expressions are limited in length and depth ({@link mms.spec.match.Matcher#MAX_LENGTH},
 * {@link mms.spec.match.Matcher#MAX_DEPTH}) and each evaluation in memory and work
 * ({@code Budget}), so that none can exhaust a node. Not supported from expr-lang:
 * the date and time functions ({@code now}, {@code duration}, {@code date}, {@code timezone}),
 * byte string literals and {@code $env}; they fail to compile with a message saying so.
 */
package mms.spec.match;
