/**
 * Agent configuration. Every setting has one name used in three places: a key in the YAML file
 * given with {@code --config} (or {@code MMS_CONFIG}), an {@code MMS_*} environment variable and a
 * command-line flag. Flags override the environment, which overrides the file, which overrides
 * the defaults. {@link Setting} lists them all; the README's table is generated from the same list.
 */
package mms.config;
