package mms.watcher.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import mms.event.WatcherState;
import mms.template.TemplateException;
import mms.watcher.MachineContext;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Watches a file for modification, or manages its content, mode, owner and group, every
 * {@code interval} (default 5s) and on wake-ups. A changed or (re)written file is
 * {@code changed} (publish, success transition); a missing or unwritable one is {@code error}
 * (publish, failure transition). A managed file that already has the right content, mode, owner
 * and group is left alone, unlike the original which rewrote it on the first check.
 */
public final class FileWatcher implements Watcher {
    /** {@code interval} when none is set. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** Smallest accepted {@code interval}. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(500);

    private final WatcherSettings settings;
    private final FileProperties properties;
    private volatile FileStateNotification current;
    /** Modification time seen by the last check (watch mode); only the loop thread touches it. */
    private FileTime lastModified;

    /** A watcher with validated settings and properties. */
    public FileWatcher(WatcherSettings settings, FileProperties properties) {
        this.settings = settings;
        this.properties = properties;
        this.current = new FileStateNotification(properties.path().toString(), FileState.UNKNOWN);
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public FileProperties properties() {
        return properties;
    }

    /** The check period: {@code interval}, or 5s when unset. */
    Duration interval() {
        return settings.hasInterval() ? settings.interval() : DEFAULT_INTERVAL;
    }

    @Override
    public WatcherState currentState() {
        return current;
    }

    @Override
    public boolean wakeOnDataChange() {
        return properties.managed() && properties.templated();
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        runtime.log().info("file watcher for {} starting", properties.path());
        if (properties.gatherInitialState()) {
            try {
                lastModified = Files.getLastModifiedTime(properties.path());
            } catch (IOException e) {
                // a missing file has no time to remember; the first check reports it
            }
        }
        Instant next = runtime.now().plus(interval());
        while (true) {
            boolean woken = runtime.awaitWakeup(next);
            if (!woken) {
                if (runtime.now().isBefore(next)) {
                    continue;
                }
                next = runtime.now().plus(interval());
            }
            handle(runtime, check(runtime));
        }
    }

    /** The result of one check and, for errors, why. */
    record Result(FileState state, String error) {
        static Result of(FileState state) {
            return new Result(state, "");
        }

        static Result failed(String why) {
            return new Result(FileState.ERROR, why);
        }
    }

    private void handle(WatcherRuntime runtime, Result result) throws InterruptedException {
        current = new FileStateNotification(properties.path().toString(), result.state());
        switch (result.state()) {
            case CHANGED -> {
                runtime.ran();
                runtime.publish();
                runtime.success();
            }
            case ERROR -> {
                runtime.log().error("check failed: {}", result.error());
                runtime.ran();
                runtime.publish();
                runtime.failure();
            }
            case UNCHANGED -> runtime.ran();
            case UNKNOWN -> lastModified = null;
            case SKIPPED -> {
                // nothing new to tell
            }
        }
    }

    Result check(WatcherRuntime runtime) {
        if (!runtime.shouldWatch()) {
            return Result.of(FileState.SKIPPED);
        }
        return properties.managed() ? enforce(runtime.machine()) : watch();
    }

    private Result watch() {
        Path path = properties.path();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            lastModified = null;
            return Result.failed(path + " does not exist");
        } catch (IOException e) {
            lastModified = null;
            return Result.failed("could not check " + path + ": " + e);
        }
        FileTime modified = attributes.lastModifiedTime();
        if (lastModified == null || modified.compareTo(lastModified) > 0) {
            lastModified = modified;
            return Result.of(FileState.CHANGED);
        }
        return Result.of(FileState.UNCHANGED);
    }

    private Result enforce(MachineContext machine) {
        Path path = properties.path();
        String modeText;
        String content;
        String owner;
        String group;
        try {
            modeText = machine.render(properties.mode().orElseThrow()).strip();
            content = machine.render(properties.contents().orElseThrow());
            owner = machine.render(properties.owner().orElseThrow()).strip();
            group = machine.render(properties.group().orElseThrow()).strip();
        } catch (TemplateException e) {
            return Result.failed("could not process template for " + path + ": " + e.getMessage());
        }
        if (modeText.isEmpty() || owner.isEmpty() || group.isEmpty()) {
            return Result.failed("mode, owner and group of " + path + " must not render empty, got mode '"
                    + modeText + "' owner '" + owner + "' group '" + group + "'");
        }
        int mode;
        try {
            mode = FileMode.parse(modeText);
        } catch (IllegalArgumentException e) {
            return Result.failed("invalid mode '" + modeText + "' for " + path + ": " + e.getMessage());
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal groupPrincipal;
        try {
            user = lookup.lookupPrincipalByName(owner);
        } catch (UserPrincipalNotFoundException e) {
            return Result.failed("cannot manage " + path + ": unknown owner '" + owner + "'");
        } catch (IOException e) {
            return Result.failed("cannot manage " + path + ": could not look up owner '" + owner + "': " + e.getMessage());
        }
        try {
            groupPrincipal = lookup.lookupPrincipalByGroupName(group);
        } catch (UserPrincipalNotFoundException e) {
            return Result.failed("cannot manage " + path + ": unknown group '" + group + "'");
        } catch (IOException e) {
            return Result.failed("cannot manage " + path + ": could not look up group '" + group + "': " + e.getMessage());
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (matches(path, bytes, mode, user, groupPrincipal)) {
            return Result.of(FileState.UNCHANGED);
        }
        return write(path, bytes, mode, user, groupPrincipal);
    }

    private static boolean matches(Path path, byte[] content, int mode, UserPrincipal user, GroupPrincipal group) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile()
                    && FileMode.mode(attributes.permissions()) == mode
                    && attributes.owner().equals(user)
                    && attributes.group().equals(group)
                    && attributes.size() == content.length
                    && Arrays.equals(Files.readAllBytes(path), content);
        } catch (IOException e) {
            // missing or unreadable: rewriting is the way to find out
            return false;
        }
    }

    private Result write(Path path, byte[] content, int mode, UserPrincipal user, GroupPrincipal group) {
        Path temp = null;
        try {
            // same directory, so the rename below is atomic and readers never see a partial file
            temp = Files.createTempFile(path.getParent(), "choria-fwatcher-", "");
            Files.write(temp, content);
            Files.setPosixFilePermissions(temp, FileMode.permissions(mode));
            PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
            PosixFileAttributes attributes = view.readAttributes();
            try {
                if (!attributes.owner().equals(user)) {
                    view.setOwner(user);
                }
                if (!attributes.group().equals(group)) {
                    view.setGroup(group);
                }
            } catch (FileSystemException e) {
                return Result.failed("could not set owner '" + user.getName() + "' and group '" + group.getName()
                        + "' of " + path + ": " + e.getReason() + " (changing ownership needs root)");
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            lastModified = Files.getLastModifiedTime(path);
            return Result.of(FileState.CHANGED);
        } catch (IOException e) {
            return Result.failed("could not write " + path + ": " + e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // best effort: the next check will try again and report the real problem
                }
            }
        }
    }
}
