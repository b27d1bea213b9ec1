/**
 * URL handling shared by the store and the agent: {@link mms.url.Urls#redact} is what every log
 * line, event and message uses to keep credentials out of them.
 */
package mms.url;
