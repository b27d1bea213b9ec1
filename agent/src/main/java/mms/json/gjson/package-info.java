/**
 * GJSON path evaluation over Jackson trees. The original resolves the template function
 * {@code lookup}, the {@code get_fact} matcher function and the kv watcher's {@code query} with
 * github.com/tidwall/gjson, so machine files carry GJSON paths such as {@code facts.os.family},
 * {@code data.hosts.#} or {@code friends.#(age>40)#.name}. {@link mms.json.gjson.GJson}
 * implements the parts of that syntax machine files use (keys, indexes, {@code #}, wildcards,
 * escapes, queries, the common modifiers and pipes) with GJSON's answers for each, working on an
 * already parsed tree instead of raw JSON text. Multipaths, literals and JSON-lines paths are not
 * supported.
 */
package mms.json.gjson;
