/**
 * The {@code httpswitch} watcher: a switch on the agent's HTTP listener ({@code http_listen}) at
 * {@code /choria/machine/switch/v1/<machine>/<watcher>} and, for Home Assistant's RESTful switch,
 * {@code /choria/homeassistant/switch/v1/<machine>/<watcher>}. Switching it on fires
 * {@code success_transition}, off {@code fail_transition}, while the watcher is active and the
 * machine is not in a {@code disable_when} state; entering an {@code on_when} or {@code off_when}
 * state sets it without a transition. Paths are served only while the watcher runs (404
 * otherwise), through the agent's one listener; without {@code http_listen} the watcher says so
 * once and only follows the machine's states.
 *
 * <p>Compared with the original (whose agent never wired HTTP to its machines at all): a flip is
 * carried out before the answer, so it says what happened; a {@code POST} to turn off answers
 * {@code is_on: false} / {@code OFF} instead of the original's constant "accepted" flag; a refused
 * flip is 409 and a malformed body 400 instead of 500; an unknown switch is 404 instead of 400
 * followed by a stray {@code null}; a request a browser sends from another site's page is refused.
 */
package mms.watcher.httpswitch;
