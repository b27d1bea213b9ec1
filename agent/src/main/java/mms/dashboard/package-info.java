/**
 * The fleet dashboard ({@code mms fleet dashboard}): one web page showing every node's status
 * record as a table, kept up to date from the status bucket. {@link mms.dashboard.FleetDashboard}
 * serves it on the project's one HTTP server ({@link mms.http.AgentHttpServer}); the page, its
 * style and its script are resources of this package, so nothing is fetched from elsewhere.
 *
 * <p>The data is the {@link mms.status.FleetView} of a {@link mms.status.FleetFeed} and its
 * {@link mms.status.FleetTable}, computed at most twice a second by one thread and shared by every
 * open page: {@code /fleet.json} answers the latest, {@code /events} pushes each new one as a
 * server-sent event. A snapshot counts as new only when something but its time changed, so a
 * quiet fleet sends nothing but a keep-alive comment now and then.
 */
package mms.dashboard;
