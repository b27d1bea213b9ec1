package mms.watcher.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mms.json.Json;
import mms.watcher.FakeMachine;
import mms.watcher.MachineInfo;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void patience() {
        // the build machine is shared and loaded: conditions get time, never sleeps
        Awaitility.setDefaultTimeout(Duration.ofSeconds(30));
    }
    private String me;
    private String myGroup;

    @BeforeEach
    void whoAmI() throws Exception {
        Path probe = Files.createTempFile(dir, "probe", "");
        PosixFileAttributes attributes = Files.readAttributes(probe, PosixFileAttributes.class);
        me = attributes.owner().getName();
        myGroup = attributes.group().getName();
        Files.delete(probe);
    }

    private FileWatcher file(List<String> states, Duration interval, Map<String, Object> props) throws WatcherConfigException {
        WatcherSettings settings = FakeMachine.settings("f", "file", states, "failed", "changed", interval);
        return (FileWatcher) new FileWatcherFactory().create(settings,
                new WatcherProperties("file watcher 'f'", props), new MachineInfo("m", "1", dir));
    }

    private FileWatcher file(Map<String, Object> props) throws WatcherConfigException {
        return file(List.of(), Duration.ZERO, props);
    }

    private Map<String, Object> managed(String contents, String mode) {
        return new HashMap<>(Map.of("path", "managed.txt", "contents", contents, "owner", me, "group", myGroup, "mode", mode));
    }

    private static FileState outcome(FakeMachine.Run run) {
        return ((FileStateNotification) run.watcherState()).previousOutcome();
    }

    /** Moves the clock one interval (5s) and waits until that check has been handled. */
    private static void tick(FakeMachine machine, FakeMachine.Run run) {
        run.awaitParked();
        int before = run.awaits();
        machine.clock().advance(Duration.ofSeconds(5));
        await().until(() -> run.awaits() > before);
    }

    @Test
    void watchModeReportsMissingChangedAndUnchanged() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        Path target = dir.resolve("watched.txt");
        try (var run = machine.start(file(Map.of("path", "watched.txt")))) {
            run.awaitParked();
            assertThat(run.published()).isEmpty();
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.ERROR);
            assertThat(run.failures()).isEqualTo(1);
            assertThat(run.logText()).contains("ERROR check failed: " + target + " does not exist");
            Files.writeString(target, "x");
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.CHANGED);
            assertThat(run.successes()).isEqualTo(1);
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.UNCHANGED);
            Files.setLastModifiedTime(target, FileTime.from(Instant.now().plusSeconds(60)));
            run.wakeupAndSettle();
            assertThat(outcome(run)).isEqualTo(FileState.CHANGED);
            assertThat(run.published()).extracting(s -> ((FileStateNotification) s).previousOutcome())
                    .containsExactly(FileState.ERROR, FileState.CHANGED, FileState.CHANGED);
            assertThat(((FileStateNotification) run.lastPublished()).path()).isEqualTo(target.toString());
            assertThat(machine.transitions()).containsExactly("failed", "changed", "changed");
        }
    }

    @Test
    void gatherInitialStateSuppressesTheFirstChange() throws Exception {
        Files.writeString(dir.resolve("watched.txt"), "x");
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(file(Map.of("path", "watched.txt", "gather_initial_state", true)))) {
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.UNCHANGED);
            assertThat(run.published()).isEmpty();
        }
    }

    @Test
    void inactiveWatcherIsSkipped() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "B");
        try (var run = machine.start(file(List.of("A"), Duration.ZERO, Map.of("path", "watched.txt")))) {
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.SKIPPED);
            assertThat(run.published()).isEmpty();
            assertThat(run.failures()).isZero();
        }
    }

    @Test
    void usesTheConfiguredInterval() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(file(List.of(), Duration.ofMinutes(1), Map.of("path", "watched.txt")))) {
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(1));
            await().until(() -> run.failures() == 1);
            run.awaitParked();
            machine.clock().advance(Duration.ofMinutes(1));
            await().until(() -> run.failures() == 2);
        }
    }

    @Test
    void managedFileIsWrittenAtomicallyWithModeAndOwnerThenLeftAlone() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A");
        Path target = dir.resolve("managed.txt");
        try (var run = machine.start(file(managed("hello\n", "0640")))) {
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.CHANGED);
            assertThat(target).hasContent("hello");
            PosixFileAttributes attributes = Files.readAttributes(target, PosixFileAttributes.class);
            assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-r-----");
            assertThat(attributes.owner().getName()).isEqualTo(me);
            Object inode = attributes.fileKey();
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.UNCHANGED);
            assertThat(Files.readAttributes(target, PosixFileAttributes.class).fileKey()).isEqualTo(inode);

            Files.writeString(target, "tampered");
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.CHANGED);
            assertThat(target).hasContent("hello");

            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-rw-"));
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.CHANGED);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
            assertThat(run.successes()).isEqualTo(3);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("managed.txt");
        }
    }

    @Test
    void matchingManagedFileIsNotRewrittenOnTheFirstCheck() throws Exception {
        Path target = dir.resolve("managed.txt");
        Files.writeString(target, "same");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Object inode = Files.readAttributes(target, PosixFileAttributes.class).fileKey();
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(file(managed("same", "600")))) {
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.UNCHANGED);
            assertThat(run.published()).isEmpty();
        }
        assertThat(Files.readAttributes(target, PosixFileAttributes.class).fileKey()).isEqualTo(inode);
    }

    @Test
    void ownershipIsAppliedAsRootAndRefusedClearlyOtherwise() throws Exception {
        String other;
        String otherGroup;
        try {
            var lookup = dir.getFileSystem().getUserPrincipalLookupService();
            other = lookup.lookupPrincipalByName("nobody").getName();
            otherGroup = lookup.lookupPrincipalByGroupName(me.equals("root") ? "nogroup" : myGroup).getName();
        } catch (UserPrincipalNotFoundException e) {
            Assumptions.abort("this system has no user nobody or group nogroup");
            return;
        }
        Map<String, Object> props = managed("x", "0644");
        props.put("owner", other);
        props.put("group", otherGroup);
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(file(props))) {
            tick(machine, run);
            if (me.equals("root")) {
                assertThat(outcome(run)).isEqualTo(FileState.CHANGED);
                PosixFileAttributes attributes = Files.readAttributes(dir.resolve("managed.txt"), PosixFileAttributes.class);
                assertThat(attributes.owner().getName()).isEqualTo(other);
                assertThat(attributes.group().getName()).isEqualTo(otherGroup);
            } else {
                assertThat(outcome(run)).isEqualTo(FileState.ERROR);
                assertThat(run.logText()).anyMatch(l -> l.contains("(changing ownership needs root)"));
            }
        }
    }

    @Test
    void unknownOwnerOrGroupIsAnError() throws Exception {
        Map<String, Object> props = managed("x", "0644");
        props.put("owner", "no-such-user-xyz");
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(file(props))) {
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.ERROR);
            assertThat(run.logText()).contains("ERROR check failed: cannot manage " + dir.resolve("managed.txt")
                    + ": unknown owner 'no-such-user-xyz'");
        }
        props = managed("x", "0644");
        props.put("group", "no-such-group-xyz");
        try (var run = machine.start(file(props))) {
            tick(machine, run);
            assertThat(run.logText()).contains("ERROR check failed: cannot manage " + dir.resolve("managed.txt")
                    + ": unknown group 'no-such-group-xyz'");
        }
        assertThat(dir.resolve("managed.txt")).doesNotExist();
    }

    @Test
    void missingDirectoryIsAnError() throws Exception {
        Map<String, Object> props = managed("x", "0644");
        props.put("path", "sub/managed.txt");
        FakeMachine machine = new FakeMachine("m", dir, "A");
        try (var run = machine.start(file(props))) {
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.ERROR);
            assertThat(run.logText()).anyMatch(l -> l.startsWith("ERROR check failed: could not write " + dir.resolve("sub/managed.txt")));
        }
    }

    @Test
    void templatedPropertiesAreRenderedAndTemplatedModesValidatedAtRun() throws Exception {
        FakeMachine machine = new FakeMachine("m", dir, "A")
                .renderer(t -> t.replace("{{ mode }}", "0600").replace("{{ bad }}", "0800").replace("{{ who }}", "world"));
        FileWatcher good = file(managed("hello {{ who }}", "{{ mode }}"));
        assertThat(good.wakeOnDataChange()).isTrue();
        try (var run = machine.start(good)) {
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.CHANGED);
        }
        assertThat(dir.resolve("managed.txt")).hasContent("hello world");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("managed.txt")))).isEqualTo("rw-------");
        try (var run = machine.start(file(managed("x", "{{ bad }}")))) {
            tick(machine, run);
            assertThat(outcome(run)).isEqualTo(FileState.ERROR);
            assertThat(run.logText()).contains("ERROR check failed: invalid mode '0800' for " + dir.resolve("managed.txt")
                    + ": must be an octal mode like 0700");
        }
    }

    @Test
    void propertiesResolvePathsAndDefaults() throws Exception {
        FileWatcher w = file(Map.of("path", "sub/../x.txt"));
        assertThat(w.properties().path()).isEqualTo(dir.resolve("x.txt"));
        assertThat(w.properties().managed()).isFalse();
        assertThat(w.wakeOnDataChange()).isFalse();
        assertThat(w.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(file(Map.of("path", "/etc/hosts")).properties().path()).isEqualTo(Path.of("/etc/hosts"));
        assertThat(file(Map.of("path", "x", "contents", "")).properties().managed()).isFalse();
        assertThat(FileMode.parse("0o750")).isEqualTo(0750);
        assertThat(FileMode.parse("644")).isEqualTo(0644);
    }

    @Test
    void rejectsBadProperties() {
        assertThatThrownBy(() -> file(Map.of())).hasMessage("property 'path' of file watcher 'f' is required");
        assertThatThrownBy(() -> file(Map.of("path", "x", "contents", "c"))).hasMessage(
                "property 'owner' of file watcher 'f' is required when managing content");
        assertThatThrownBy(() -> file(Map.of("path", "x", "contents", "c", "owner", "o"))).hasMessage(
                "property 'group' of file watcher 'f' is required when managing content");
        assertThatThrownBy(() -> file(Map.of("path", "x", "contents", "c", "owner", "o", "group", "g"))).hasMessage(
                "property 'mode' of file watcher 'f' is required when managing content");
        assertThatThrownBy(() -> file(managed("c", "0800"))).hasMessage(
                "property 'mode' of file watcher 'f': '0800' must be an octal mode like 0700");
        assertThatThrownBy(() -> file(managed("c", "rw-r--r--"))).hasMessage(
                "property 'mode' of file watcher 'f': 'rw-r--r--' must be an octal mode like 0700");
        assertThatThrownBy(() -> file(managed("c", "04755"))).hasMessage(
                "property 'mode' of file watcher 'f': '04755' sets bits beyond 0777 (setuid, setgid, sticky), which are not supported");
        Map<String, Object> numeric = managed("c", "x");
        numeric.put("mode", 420);
        assertThatThrownBy(() -> file(numeric)).hasMessage(
                "property 'mode' of file watcher 'f': '420' must be quoted text like \"0640\" so it is read as octal");
        assertThatThrownBy(() -> file(Map.of("path", "x", "gather_initial_state", "nope"))).hasMessage(
                "property 'gather_initial_state' of file watcher 'f': 'nope' is not a boolean (use true or false)");
        assertThatThrownBy(() -> file(List.of(), Duration.ofMillis(100), Map.of("path", "x"))).hasMessage(
                "interval of file watcher 'f': 100ms is too small, minimum is 500ms");
    }

    @Test
    void notificationMembersAndText() {
        var n = new FileStateNotification("/etc/x", FileState.CHANGED);
        var data = Json.mapper().createObjectNode();
        n.writeTo(data);
        assertThat(data.toString()).isEqualTo("{\"path\":\"/etc/x\",\"previous_outcome\":\"changed\"}");
        assertThat(n.text("node", "m", "f")).isEqualTo("node m#f path: /etc/x, previous: changed");
    }
}
