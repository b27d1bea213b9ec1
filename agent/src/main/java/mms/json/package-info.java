/**
 * JSON as the original writes it. Machine data files, events and specifications must be byte
 * compatible with go-choria, whose encoder sorts map keys, writes compact output and escapes
 * {@code <}, {@code >}, {@code &}, U+2028 and U+2029. {@link Json} holds the one configured
 * Jackson mapper every other package uses, so the rules live in one place; {@link GoJson} writes
 * the values whose Java form differs from Go's (floats, times). {@link JsonBounds}
 * checks how deeply and how widely an untrusted document nests by streaming through it, before a
 * tree is built. GJSON paths over these trees, shared by templates, matchers and the kv watcher,
 * live in {@link mms.json.gjson}.
 */
package mms.json;
