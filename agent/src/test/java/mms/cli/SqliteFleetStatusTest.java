package mms.cli;

/** The fleet on the embedded store: agents in this JVM and in child processes sharing one database file. */
class SqliteFleetStatusTest extends FleetStatusContract {
    @Override
    String storeUrl() {
        return "sqlite:" + dir.resolve("kv.db");
    }
}
