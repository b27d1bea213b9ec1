package mms.spec.match;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which functions a matcher may call. The machines watcher offers {@code identity},
 * {@code has_file}, {@code has_directory} and {@code has_command}; the plugins watcher and
 * {@code choria machine plugins matcher} add {@code get_fact}.
 */
public enum Dialect {
    /** The machines watcher's environment (no {@code get_fact}). */
    MACHINES(EnumSet.of(Function.IDENTITY, Function.HAS_FILE, Function.HAS_DIRECTORY, Function.HAS_COMMAND)),
    /** The plugins watcher's environment: everything in {@link #MACHINES} plus {@code get_fact}. */
    PLUGINS(EnumSet.allOf(Function.class));

    private final Set<Function> functions;

    Dialect(Set<Function> functions) {
        this.functions = functions;
    }

    Set<Function> functions() {
        return functions;
    }

    /** The environment's functions, each a one-string-argument function. */
    enum Function {
        IDENTITY("identity", Type.BOOL),
        HAS_FILE("has_file", Type.BOOL),
        HAS_DIRECTORY("has_directory", Type.BOOL),
        HAS_COMMAND("has_command", Type.BOOL),
        GET_FACT("get_fact", Type.ANY);

        final String wireName;
        final Type result;

        Function(String wireName, Type result) {
            this.wireName = wireName;
            this.result = result;
        }

        static Function named(String name) {
            for (Function f : values()) {
                if (f.wireName.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }
}
