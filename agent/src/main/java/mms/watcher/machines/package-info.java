/**
 * The {@code machines} watcher: manages a fleet's machines directory from a signed specification
 * ({@code machines.json} packed by {@code mms pack} and brought into machine data by a kv watcher).
 * Each check reads the envelope from the {@code data_item}, decides whether to trust it with
 * {@link mms.spec.Trust} (the agent's settings, a host service, else the key compiled into the
 * build with {@code -Dmms.compiled.public.key=<hex>}, else the {@code public_key} property),
 * validates the entries with {@link mms.spec.MachinesValidator},
 * evaluates each entry's matcher, purges managers of machines that are no longer wanted
 * ({@code purge_unknown}) and writes one manager machine {@code mm_<name>/machine.yaml} per
 * matching entry (rendered by {@link mms.watcher.machines.ManagerManifest}) whose archive watcher
 * installs {@code <name>} next to it. The machines directory is the parent of the watcher's own
 * machine directory.
 *
 * <p>The {@code plugins} watcher ({@link mms.watcher.plugins}) is this check with other
 * parameters, a {@link mms.watcher.machines.Deployment}: its envelope, manager prefix and install
 * directory. Everything below holds for both.
 *
 * <p>Deliberate differences from the original (watchers.md §4, §16):
 * <ul>
 *   <li>Versioned specifications and trust documents (an mms addition, see
 *       {@link mms.spec.SpecificationGate}): a rollback, a replay, an expired specification, one
 *       for another audience or signed by fewer trusted keys than the threshold is refused by
 *       name and changes nothing; when the applied one expires the node keeps it and reports
 *       itself stale. Trust rotations come from the data item named by {@code trust_item}. The
 *       highest serial applied and the adopted trust are kept in the watcher's machine directory
 *       ({@link mms.spec.SpecificationLedger}). A refusal that repeats is logged once.</li>
 *   <li>With no key configured anywhere, specifications are refused unless the agent's
 *       {@code allow_unsigned} is set (then each check that applies one logs a warning); the
 *       original applies whatever is in the bucket.</li>
 *   <li>An untrusted or invalid specification (bad base64 or JSON, missing or bad signature when a
 *       key applies, a {@code machines.json} that is no list or over a limit) changes nothing on disk, keeps the last
 *       applied state and reports {@code error}; the data item is <em>not</em> deleted (the
 *       original deletes it, which a kv watcher then never restores until the KV value changes).</li>
 *   <li>Entries are checked by the same validator as {@code mms pack}, which refuses any problem;
 *       a node skips an entry it cannot use (unsafe names, separators, {@code ..}, empty, over 64
 *       characters, duplicates, uncompilable matchers, malformed or templated digests, unknown
 *       members), leaving its machine exactly as it is (never installed, upgraded or purged; with an
 *       unnamed entry, nothing is purged), warns once per specification, reports the skipped
 *       entries with the applied decision and applies the others; no path is ever built from a bad name, and
 *       {@code mm_} directories whose rest is not a valid name (such as {@code mm_} itself) are
 *       ignored by the purge instead of deleting the machines directory.</li>
 *   <li>A matcher that fails at run time, whatever it throws, leaves the machine as it is: it is
 *       neither deployed nor purged (the original purges it), and the other entries go on.</li>
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
 *   <li>Purging stops before deleting: the manager directory is renamed to
 *       {@code .purge.mm_<name>}, which the host ignores, the watcher waits until the host confirms
 *       the manager stopped ({@link mms.watcher.MachineRegistry}), removes the manager's work
 *       directory, moves the installed machine directory into the mark, waits again, and deletes
 *       the mark last. While the mark exists the host does not start {@code <name>}, and the
 *       watcher finishes such a purge at start and on every check, so a crash never leaves a
 *       machine without its manager ({@code MachinesDirectory} lists what each
 *       leftover of an interrupted operation becomes). The original deletes, sleeps 2 s and
 *       deletes.</li>
 *   <li>A change of machine data wakes the watcher at once, so a new specification is applied
 *       without waiting for the next interval; so does a change of the node's facts, so matchers
 *       over node state ({@code get_fact}, {@code has_file}, {@code has_command}) are evaluated
 *       again at once.</li>
 *   <li>A purge never removes the watcher's own machine directory, and an entry whose
 *       {@code <name>} or {@code mm_<name>} is that directory is refused (reported as an error, the
 *       other entries are applied).</li>
 *   <li>An entry with a {@code health} check or a {@code rollout} plan (mms additions) is supervised
 *       ({@link mms.watcher.machines.Rollouts}): its manager is rewritten for a new version only once
 *       the node's wave has started (the fleet's status records decide, through the agent's
 *       {@link mms.watcher.FleetRollouts}), the new version must prove itself healthy in time, and a
 *       version that does not is reverted by writing the previous manager back (the archive watcher
 *       swaps the version it kept back in). The node's rollouts are recorded before it acts
 *       ({@code rollout_state.json}), reported to the agent's status record and published as
 *       {@link mms.event.RolloutTransition} events; between checks the watcher moves them on every
 *       second while one is under way.</li>
 *   <li>Every check that finds a specification reports its decision (applied, rejected with the
 *       reason, or failed part way; the digest, the signer, the entries this node runs) to the
 *       agent's {@link mms.watcher.SpecificationReporter}, which keeps the node's status record.</li>
 * </ul>
 */
package mms.watcher.machines;
