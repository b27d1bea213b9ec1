/**
 * An example custom build: a compiled-in manager machine ({@link example.custom.MetadataManager},
 * listed in {@code META-INF/services/mms.host.CompiledMachine}) and a compiled-in public key
 * (the filtered {@code mms/watcher/machines/compiled-key.properties}). Put the jar on the agent's
 * class path with {@code MMS_CLASSPATH}.
 */
package example.custom;
