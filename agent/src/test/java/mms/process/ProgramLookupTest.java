package mms.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramLookupTest {
    @TempDir
    Path dir;

    private Path executable(String name) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\ntrue\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void findsBareNamesInTheGivenPathOnly() throws Exception {
        executable("tool");
        assertThat(ProgramLookup.find("tool", "/nonexistent:" + dir, Path.of("/"))).contains(dir.resolve("tool"));
        assertThat(ProgramLookup.find("tool", "/usr/bin", dir)).isEmpty();
        assertThat(ProgramLookup.find("tool", null, dir)).isEmpty();
        assertThat(ProgramLookup.find("sh", "/bin", dir)).contains(Path.of("/bin/sh"));
    }

    @Test
    void skipsRelativePathEntriesAsGoDoes() throws Exception {
        executable("tool");
        assertThat(ProgramLookup.find("tool", ".:relative:", dir)).isEmpty();
    }

    @Test
    void takesNamesWithASlashRelativeToTheDirectory() throws Exception {
        executable("tool");
        Files.writeString(dir.resolve("data.txt"), "not a program");
        assertThat(ProgramLookup.find("./tool", "", dir)).contains(dir.resolve("./tool"));
        assertThat(ProgramLookup.find("./data.txt", "", dir)).isEmpty();
        assertThat(ProgramLookup.find("./missing", "", dir)).isEmpty();
    }
}
