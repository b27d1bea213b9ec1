/**
 * The {@code ccm_manifest} watcher, as far as it runs without Choria's Configuration Management
 * engine (packages, services, files, exec resources, Hiera data, health checks), which mms does
 * not include. Its properties ({@code manifest_file} or {@code manifest}, {@code noop},
 * {@code healthcheck_only}, {@code governor}, {@code governor_timeout}, {@code splay},
 * {@code timeout}) and {@code interval} are checked when the machine loads exactly as the original
 * checks them, so a machine written for the original loads, validates and runs its other watchers.
 * The loader warns that manifests are not applied.
 *
 * <p>When it runs it checks when the original would and reads the manifest as the original does:
 * an unreadable or malformed manifest is the original's {@code error} with its failure transition.
 * Then it cannot apply: the outcome is {@code error}, published and logged, with no transition,
 * because the failure is this agent's rather than the node's. The governor is not entered, since
 * nothing would be done in the slot.
 */
package mms.watcher.ccmmanifest;
