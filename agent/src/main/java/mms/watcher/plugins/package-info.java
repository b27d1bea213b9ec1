/**
 * The {@code plugins} watcher, the original's generalised successor of {@code machines}
 * (watchers.md §5): it deploys the archives listed in a signed {@code plugins.json}
 * ({@code mms plugins pack}, brought into machine data by a kv watcher) by writing one manager
 * machine {@code <manager_machine_prefix>_<name>/machine.yaml} per matching entry next to its own
 * machine directory, whose archive watcher installs {@code <name>} into {@code plugins_directory}
 * (default: the machines directory). The agent's built-in plugins manager
 * ({@code plugins_download}) runs one.
 *
 * <p>It is the machines watcher's check with other parameters ({@link mms.watcher.machines.Deployment}),
 * not a copy of it: the same {@link mms.spec.SpecificationGate} decides, the same reconciler
 * writes and purges, with every mms difference from the original listed in
 * {@link mms.watcher.machines}. What is the plugins watcher's own:
 * <ul>
 *   <li>the envelope {@code {"plugins":"<base64>","signature":"<hex>"}}, whose signature covers the
 *       base64 text as stored (the machines envelope signs the decoded bytes);</li>
 *   <li>{@code plugin_manage_interval} (honoured; {@code machine_manage_interval} is ignored),
 *       {@code manager_machine_prefix} (default {@code mm}, no {@code _}) and
 *       {@code plugins_directory};</li>
 *   <li>manager manifests with the archive properties in key order and the prefix in the name;</li>
 *   <li>the state event {@code io.choria.machine.watcher.plugins.v1.state} with the names under
 *       {@code plugins}, and log lines naming plugins.</li>
 * </ul>
 * Unlike the original, the purge looks for managers where they are written (next to the watcher's
 * machine directory) and removes the plugin from {@code plugins_directory}; the original scans
 * {@code plugins_directory} for managers and never finds them when it is set elsewhere.
 */
package mms.watcher.plugins;
