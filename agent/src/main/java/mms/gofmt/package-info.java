/**
 * Go's {@code fmt} formatting of the JSON-shaped values templates and matchers work with, so that
 * what mms prints from a template or a matcher reads as what the original's Go prints.
 */
package mms.gofmt;
