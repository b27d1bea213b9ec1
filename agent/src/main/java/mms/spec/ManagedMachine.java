package mms.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code machines.json}: a machine the machines watcher installs from an archive.
 * Absent values are empty strings, as in the original (which uses Go strings), so the record can
 * be rendered into the manager manifest template unchanged. JSON member names are the original's;
 * when serialised the members appear in this order.
 *
 * @param name machine name; the installed directory, the {@code mm_<name>} manager and the
 *     archive's top-level directory; JSON {@code name}; never null
 * @param source URL of the {@code .tar.gz} archive, may contain templates; JSON {@code source}
 * @param username HTTP basic-auth user, may be empty; JSON {@code username}
 * @param password HTTP basic-auth password, may be empty; JSON {@code password}
 * @param verifyChecksum lowercase hex SHA-256 of the archive's {@code <name>/SHA256SUMS}; JSON
 *     {@code verify_checksum}
 * @param checksum lowercase hex SHA-256 of the archive file; JSON {@code checksum}
 * @param match matcher expression ({@link mms.spec.match.Matcher}), empty means every node; JSON
 *     {@code match}
 * @param governor governor limiting concurrent downloads, may be empty; JSON {@code governor}
 * @param health   how a new version proves itself, after which a node reverts one that does not;
 *     JSON {@code health} (an mms addition the original ignores), absent when the entry has none
 * @param rollout  how a new version reaches the fleet, in waves; JSON {@code rollout} (an mms
 *     addition the original ignores), absent when the entry has none: every node installs at once
 */
@JsonPropertyOrder({"name", "source", "username", "password", "verify_checksum", "checksum", "match", "governor",
        "health", "rollout"})
public record ManagedMachine(
        @JsonProperty("name") String name,
        @JsonProperty("source") String source,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("verify_checksum") String verifyChecksum,
        @JsonProperty("checksum") String checksum,
        @JsonProperty("match") String match,
        @JsonProperty("governor") String governor,
        @JsonIgnore Optional<HealthCheck> health,
        @JsonIgnore Optional<RolloutPlan> rollout) {

    /** Rejects nulls: absent values are empty strings. */
    public ManagedMachine {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(verifyChecksum, "verifyChecksum");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(governor, "governor");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(rollout, "rollout");
    }

    /** An entry without health check or rollout plan, as the original's. */
    public ManagedMachine(String name, String source, String username, String password, String verifyChecksum,
                          String checksum, String match, String governor) {
        this(name, source, username, password, verifyChecksum, checksum, match, governor, Optional.empty(),
                Optional.empty());
    }

    /** Whether installing a new version of this entry is watched or paced: it has a health check or a rollout plan. */
    public boolean supervised() {
        return health.isPresent() || rollout.isPresent();
    }

    /** This entry with {@code plan} as its rollout plan. */
    public ManagedMachine withRollout(Optional<RolloutPlan> plan) {
        return new ManagedMachine(name, source, username, password, verifyChecksum, checksum, match, governor, health,
                plan);
    }

    @JsonProperty("health")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private HealthCheck healthMember() {
        return health.orElse(null);
    }

    @JsonProperty("rollout")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private RolloutPlan rolloutMember() {
        return rollout.orElse(null);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ManagedMachine[name=" + name + ", source=" + source + ", username=" + username
                + ", password=" + (password.isEmpty() ? "" : "***") + ", verifyChecksum=" + verifyChecksum
                + ", checksum=" + checksum + ", match=" + match + ", governor=" + governor
                + health.map(h -> ", health=" + h.toJson()).orElse("")
                + rollout.map(r -> ", rollout=" + r.toJson()).orElse("") + "]";
    }
}
