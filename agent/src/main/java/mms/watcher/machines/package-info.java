/**
 * The {@code machines} watcher: manages a fleet's machines directory from a signed specification
 * ({@code machines.json} packed by {@code mms pack} and brought into machine data by a kv watcher).
 * Each check reads the envelope from the {@code data_item}, verifies its ed25519 signature with the
 * trusted key (the agent's {@code signing_key} host service, else the key compiled into the build
 * with {@code -Dmms.compiled.public.key=<hex>}, else the {@code public_key} property; none means
 * signatures are not checked), validates the entries with {@link mms.spec.MachinesValidator},
 * evaluates each entry's matcher, purges managers of machines that are no longer wanted
 * ({@code purge_unknown}) and writes one manager machine {@code mm_<name>/machine.yaml} per
 * matching entry (rendered by {@link mms.watcher.machines.ManagerManifest}) whose archive watcher
 * installs {@code <name>} next to it. The machines directory is the parent of the watcher's own
 * machine directory.
 *
 * <p>Deliberate differences from the original (watchers.md §4, §16):
 * <ul>
 *   <li>An untrusted or invalid specification (bad base64 or JSON, missing or bad signature when a
 *       key applies, an entry the validator rejects) changes nothing on disk, keeps the last
 *       applied state and reports {@code error}; the data item is <em>not</em> deleted (the
 *       original deletes it, which a kv watcher then never restores until the KV value changes).</li>
 *   <li>Entries are checked by the same validator as {@code mms pack}: unsafe names (separators,
 *       {@code ..}, empty, over 64 characters), duplicates, uncompilable matchers and malformed
 *       digests reject the whole specification; no path is ever built from a bad name, and
 *       {@code mm_} directories whose rest is not a valid name (such as {@code mm_} itself) are
 *       ignored by the purge instead of deleting the machines directory.</li>
 *   <li>A matcher that fails at run time means "not here" for deploying, but the machine is never
 *       purged because of it (the original purges it).</li>
 *   <li>An empty specification ({@code []} or {@code null}) with {@code purge_unknown} removes every
 *       managed machine only when it was signature-verified; without a key it is refused with
 *       {@code error} so that a stray empty value cannot wipe a node.</li>
 *   <li>{@code machine_manage_interval} is honoured (the original ignores it and always uses 2m).</li>
 *   <li>Manager manifests are written atomically (temporary file, sync, rename; file 0600, directory
 *       0700) and only when their content hash differs. A new manager is built in
 *       {@code mm_<name>-temp} (ignored by the host) and renamed into place, so the host never sees
 *       a manager directory without its manifest; leftovers of an interrupted write are removed
 *       when the watcher starts. An existing manager directory is kept (its
 *       machine data survives) instead of being deleted and recreated. Values are escaped for YAML,
 *       so quotes or newlines cannot inject keys.</li>
 *   <li>Purging stops before deleting: the manager directory is renamed to a dot name the host
 *       ignores, the watcher waits until the host confirms the machine stopped
 *       ({@link mms.host.MachineRegistry}), then deletes it; the installed machine directory is
 *       removed the same way. The original deletes, sleeps 2 s and deletes.</li>
 *   <li>A change of machine data wakes the watcher at once, so a new specification is applied
 *       without waiting for the next interval.</li>
 *   <li>A purge never removes the watcher's own machine directory.</li>
 * </ul>
 */
package mms.watcher.machines;
