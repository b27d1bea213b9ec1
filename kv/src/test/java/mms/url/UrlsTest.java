package mms.url;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void hidesUserInformationOfEveryServerInAList() {
        assertThat(Urls.redact("nats://app:s3cret@nats1:4222,tls://token@nats2:4222,nats://nats3:4222"))
                .isEqualTo("nats://***@nats1:4222,tls://***@nats2:4222,nats://nats3:4222");
    }

    @Test
    void hidesQueryStringsButKeepsThePathAndFragment() {
        assertThat(Urls.redact("https://repo.example.net/app-1.0.tgz?X-Amz-Signature=abc&t=1#part"))
                .isEqualTo("https://repo.example.net/app-1.0.tgz?…#part");
    }

    @Test
    void redactsUrlsInsideAMessage() {
        assertThat(Urls.redact("deploying app from https://bob:pw@repo/app.tgz?sig=1 now"))
                .isEqualTo("deploying app from https://***@repo/app.tgz?… now");
    }

    @Test
    void leavesTextWithoutUrlsAndPlainUrlsAlone() {
        assertThat(Urls.redact("sqlite:/var/lib/mms/kv.db")).isEqualTo("sqlite:/var/lib/mms/kv.db");
        assertThat(Urls.redact("file:///srv/app.tgz")).isEqualTo("file:///srv/app.tgz");
        assertThat(Urls.redact("what? no url here")).isEqualTo("what? no url here");
        assertThat(Urls.redact("nats-os://machines/fleet/app.tgz")).isEqualTo("nats-os://machines/fleet/app.tgz");
    }
}
