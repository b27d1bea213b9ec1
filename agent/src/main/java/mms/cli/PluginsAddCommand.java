package mms.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms plugins add}: adds or updates an entry of {@code plugins.json}. */
@Command(name = "add",
        description = {
            "Adds a plugin to the plugins manifest, or updates the entry of that NAME.",
            "",
            "URL is the tar.gz archive, holding NAME/ with a machine.yaml and NAME/SHA256SUMS. CHECKSUM "
                    + "is the SHA-256 of the archive, VERIFY-CHECKSUM that of NAME/SHA256SUMS (mms bundle "
                    + "prints both). Credentials in the URL (user:pass@ before the host) are moved into the "
                    + "entry's username and password. --matcher and --governor change the entry only when "
                    + "given; an empty value removes them.",
            "",
            "The manifest (default plugins.json, created when missing) is written as the original writes "
                    + "it, mode 0600, and only when every entry is valid. Sign it with mms plugins pack.",
            "",
            "Unlike the original, a new entry keeps NAME (the original replaces it by a name taken from "
                    + "the URL)."
        },
        mixinStandardHelpOptions = true)
final class PluginsAddCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "unique name of the plugin: its directory and the"
            + " archive's top-level directory")
    String name;

    @Parameters(index = "1", paramLabel = "URL", description = "the URL of the tar.gz archive holding the plugin")
    String url;

    @Parameters(index = "2", paramLabel = "CHECKSUM", description = "SHA-256 of the archive")
    String checksum;

    @Parameters(index = "3", paramLabel = "VERIFY-CHECKSUM", description = "SHA-256 of the archive's NAME/SHA256SUMS")
    String verifyChecksum;

    @Option(names = "--manifest", paramLabel = "FILE", defaultValue = "plugins.json",
            description = "the manifest to edit (default: ${DEFAULT-VALUE})")
    Path manifest;

    @Option(names = "--matcher", paramLabel = "EXPR",
            description = "deploy only to nodes where this matcher is true (see mms plugins matcher)")
    String matcher;

    @Option(names = "--governor", paramLabel = "NAME", description = "limit concurrent downloads with this governor")
    String governor;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new CliException("URL '" + url + "' is not a valid url: " + e.getMessage(), 2, e);
        }
        Optional<String> userInfo = Optional.ofNullable(uri.getUserInfo());
        String source = userInfo.isEmpty() ? url : url.replaceFirst(
                java.util.regex.Pattern.quote(uri.getRawUserInfo() + "@"), "");
        PluginsManifest plugins = PluginsManifest.read(manifest, true);
        PrintWriter out = spec.commandLine().getOut();
        Optional<ObjectNode> existing = plugins.entries().stream()
                .filter(e -> e.path("name").asText().equals(name)).findFirst();
        ObjectNode entry;
        if (existing.isPresent()) {
            entry = existing.get();
        } else {
            entry = Json.object();
            entry.put("name", name);
            plugins.entries().add(entry);
        }
        entry.put("source", source);
        entry.put("checksum", checksum);
        entry.put("verify_checksum", verifyChecksum);
        if (matcher != null) {
            entry.put("match", matcher);
        }
        if (governor != null) {
            entry.put("governor", governor);
        }
        userInfo.ifPresent(info -> {
            int colon = info.indexOf(':');
            entry.put("username", colon < 0 ? info : info.substring(0, colon));
            entry.put("password", colon < 0 ? "" : info.substring(colon + 1));
        });
        plugins.write(spec.commandLine().getErr());
        out.println((existing.isPresent() ? "Updating plugin " : "Adding plugin ") + name);
        out.println("Use mms plugins pack to sign the " + manifest + " manifest");
        out.flush();
        return 0;
    }
}
