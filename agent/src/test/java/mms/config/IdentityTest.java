package mms.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The original's choice of a default identity (go-choria config.normalize and DNSFQDN). */
class IdentityTest {
    private final List<String> lookedUp = new ArrayList<>();

    private Function<String, Optional<String>> dns(String answer) {
        return hostname -> {
            lookedUp.add(hostname);
            return Optional.ofNullable(answer);
        };
    }

    @Test
    void aHostNameWithMoreThanOneDotIsTheIdentityWithoutALookup() {
        assertThat(Identity.choose("web1.example.net", dns("other.example.net"))).isEqualTo("web1.example.net");
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void aShortHostNameBecomesTheNameDnsGivesItsAddress() {
        assertThat(Identity.choose("web1", dns("web1.example.net"))).isEqualTo("web1.example.net");
        assertThat(lookedUp).containsExactly("web1");
        // one dot is not enough for the original either
        assertThat(Identity.choose("web1.lan", dns("web1.lan.example.net"))).isEqualTo("web1.lan.example.net");
    }

    @Test
    void localhostOrNoAnswerKeepsTheHostName() {
        assertThat(Identity.choose("web1", dns("localhost"))).isEqualTo("web1");
        assertThat(Identity.choose("web1", dns(null))).isEqualTo("web1");
        assertThat(Identity.choose("web1", dns(""))).isEqualTo("web1");
    }

    @Test
    void theDefaultIdentityOfThisHostIsNeverEmpty() {
        assertThat(Identity.defaultIdentity()).isNotBlank();
    }
}
