package mms.archive;

import java.nio.file.Path;
import java.util.Optional;
import mms.archive.source.FileSource;

/**
 * Child JVM for {@link InstallCrashTest}: recovers, then deploys two archives alternately forever,
 * printing a line after each install, until it is killed.
 *
 * <p>Arguments: target creates archiveA shaA sumsShaA archiveB shaB sumsShaB.
 */
public final class CrashChild {

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Installer installer = new Installer(Path.of(args[0]), args[1]);
        installer.recover();
        ArchiveDeployer deployer = new ArchiveDeployer(installer, new Downloader(), ArchiveLimits.DEFAULTS);
        System.out.println("ready");
        System.out.flush();
        for (long i = 0; ; i++) {
            int base = 2 + (int) (i % 2) * 3;
            deployer.deploy(new FileSource(Path.of(args[base])), args[base + 1],
                    Optional.of(new ContentCheck("SHA256SUMS", args[base + 2])));
            System.out.println("installed " + i);
            System.out.flush();
        }
    }
}
