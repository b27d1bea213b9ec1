package mms.archive;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Atomically exchanges two paths with Linux {@code renameat2(..., RENAME_EXCHANGE)} through the
 * foreign function API: both names exist before, during and after the call, each now naming the
 * other's former inode. Java's file API has no equivalent. Run the JVM with
 * {@code --enable-native-access=ALL-UNNAMED} to silence the JDK's restricted-method warning.
 */
final class AtomicExchange {

    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;

    private static final Optional<Native> NATIVE = lookup();

    private AtomicExchange() {}

    private record Native(MethodHandle renameat2, StructLayout stateLayout, VarHandle errno) {}

    private static Optional<Native> lookup() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> symbol = linker.defaultLookup().find("renameat2");
            if (symbol.isEmpty()) {
                return Optional.empty();
            }
            StructLayout stateLayout = Linker.Option.captureStateLayout();
            VarHandle errno = stateLayout.varHandle(StructLayout.PathElement.groupElement("errno"));
            MethodHandle handle = linker.downcallHandle(symbol.get(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    Linker.Option.captureCallState("errno"));
            return Optional.of(new Native(handle, stateLayout, errno));
        } catch (RuntimeException | LinkageError e) { // e.g. native access denied by the launcher
            return Optional.empty();
        }
    }

    /** Whether this platform offers the call at all (a file system may still refuse it). */
    static boolean available() {
        return NATIVE.isPresent();
    }

    /**
     * Exchanges {@code a} and {@code b}, which must both exist on the same file system.
     *
     * @return {@code false} when the platform or file system does not support exchanging (nothing
     *         changed); {@code true} when the paths were exchanged
     * @throws IOException when the call fails for another reason (errno named)
     */
    static boolean exchange(Path a, Path b) throws IOException {
        if (NATIVE.isEmpty()) {
            return false;
        }
        Native n = NATIVE.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(n.stateLayout());
            MemorySegment from = arena.allocateFrom(a.toAbsolutePath().toString());
            MemorySegment to = arena.allocateFrom(b.toAbsolutePath().toString());
            int rc = (int) n.renameat2().invokeExact(state, AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
            if (rc == 0) {
                return true;
            }
            int errno = (int) n.errno().get(state, 0L);
            if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
                return false;
            }
            throw new IOException("exchanging " + a + " and " + b + " failed: errno " + errno);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("exchanging " + a + " and " + b + " failed: " + t, t);
        }
    }
}
