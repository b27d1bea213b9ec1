package mms.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledTrustTest {
    static final TrustDocument DOCUMENT = Signers.trust(1, 1, Signers.publics(Signers.K1), Signers.K1);

    @TempDir
    Path dir;

    /** A class loader over class-path roots holding the given texts as the resource, without the parent's copy. */
    ClassLoader withCopies(String... texts) throws Exception {
        URL[] roots = new URL[texts.length];
        for (int i = 0; i < texts.length; i++) {
            Path file = dir.resolve("jar" + i).resolve(CompiledTrust.RESOURCE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, texts[i]);
            roots[i] = dir.resolve("jar" + i).toUri().toURL();
        }
        return new URLClassLoader(roots, null);
    }

    @Test
    void aBuildWithoutTheResourceHasNone() throws Exception {
        assertThat(CompiledTrust.load(withCopies())).isEmpty();
        assertThat(CompiledTrust.load()).isEmpty();
    }

    @Test
    void readsTheSelfSignedDocumentOfTheBuild() throws Exception {
        assertThat(CompiledTrust.load(withCopies(DOCUMENT.toJson(), DOCUMENT.toJson()))).contains(DOCUMENT);
    }

    @Test
    void refusesADocumentThatIsNotSelfSignedOrTwoDifferentOnes() throws Exception {
        String unsigned = Signers.trust(1, 1, Signers.publics(Signers.K1)).toJson();
        assertThatThrownBy(() -> CompiledTrust.load(withCopies(unsigned)))
                .hasMessageStartingWith("compiled-in trust document file:")
                .hasMessageContaining("trust document version 1 is not signed by a threshold of its own keys");

        String other = Signers.trust(2, 1, Signers.publics(Signers.K1), Signers.K1).toJson();
        assertThatThrownBy(() -> CompiledTrust.load(withCopies(DOCUMENT.toJson(), other)))
                .hasMessageStartingWith("two different compiled-in trust documents are on the class path");
    }
}
