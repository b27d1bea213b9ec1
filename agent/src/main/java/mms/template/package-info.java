/**
 * Go {@code text/template} for watcher properties. The original processes many watcher properties
 * (exec {@code command}, archive {@code source}, file {@code contents}, governor names, ...) with
 * Go's template engine and a few added functions, chiefly {@code lookup QUERY DEFAULT}, which
 * evaluates a GJSON path over the host's facts and the machine's data. Machine files written for
 * the original must render the same here, so this package reproduces Go's semantics where machine
 * files can see them: the action syntax with trim markers, pipelines, variables, {@code if},
 * {@code range} and {@code with}, the builtin functions with Go's argument checks and error
 * messages, and Go's {@code %v} formatting of values, in which every JSON number is a float64
 * (so {@code 1000000} renders as {@code 1e+06}). {@link mms.template.Template} is the entry point;
 * {@link mms.template.TemplateContext} carries facts, data and the info log. Not supported:
 * {@code define}, {@code template} and {@code block} (named templates), complex numbers, and
 * method calls on data (the data value is always nil).
 */
package mms.template;
