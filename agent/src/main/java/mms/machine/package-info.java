/**
 * What a machine is, as data: the records a {@code machine.yaml} decodes into, the parser that
 * reads the original's files unchanged (scalars converted to text as Go's decoder does, unknown
 * keys reported instead of silently dropped), the structural validation in the original's order,
 * the per-machine data store ({@code machine_data.json}) and the Graphviz rendering. Running a
 * machine is {@code mms.runtime}'s job.
 */
package mms.machine;
