package mms.archive;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import mms.archive.source.ArchiveSource;

/**
 * Download, verify, extract, verify content, install: the archive watcher's steps 5–8 in one call,
 * with every intermediate file inside a {@link Staging} that is removed whatever happens.
 */
public final class ArchiveDeployer {

    private final Installer installer;
    private final Downloader downloader;
    private final ArchiveLimits limits;

    /**
     * @param installer  where to install, never {@code null}
     * @param downloader how to download, never {@code null}
     * @param limits     size, count and strictness limits, never {@code null}
     */
    public ArchiveDeployer(Installer installer, Downloader downloader, ArchiveLimits limits) {
        this.installer = Objects.requireNonNull(installer, "installer");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Deploys {@code source}. The installed version is replaced only when every step succeeded.
     *
     * @param source   where the archive is, never {@code null}
     * @param checksum the archive's expected SHA-256 ({@code checksum})
     * @param verify   content verification to run on the extracted tree before installing; empty
     *                 to install without ({@code verify} unset)
     * @return what was installed
     * @throws ContentVerificationException when the extracted content fails {@code verify}
     * @throws ArchiveException     naming the step and reason: download, checksum, unsafe entry,
     *                              content verification or rename
     * @throws InterruptedException when interrupted during the download
     */
    public Deployment deploy(ArchiveSource source, String checksum, Optional<ContentCheck> verify)
            throws ArchiveException, InterruptedException {
        Staging staging = installer.newStaging();
        try {
            DownloadedArchive archive =
                    downloader.download(source, staging.directory(), checksum, limits.maxSize());
            ExtractedTree tree = SafeExtractor.extract(archive.file(), staging.extraction(),
                    staging.creates(), limits);
            if (verify.isPresent()) {
                VerificationResult result;
                try {
                    result = Sha256Sums.verifyDirectory(tree.root(), verify.get().file(), verify.get().sha256(),
                            limits.strict());
                } catch (InvalidChecksumsException | ChecksumMismatchException e) {
                    throw new ContentVerificationException("content verification of " + source.description()
                            + " failed: " + e.getMessage(), null, e);
                } catch (IOException e) {
                    throw new ArchiveException("content verification of " + source.description() + " failed: "
                            + e.getMessage(), e);
                }
                if (!result.ok()) {
                    throw new ContentVerificationException("archive " + source.description() + ": "
                            + result.describe(), result, null);
                }
            }
            installer.install(staging);
            return new Deployment(source.description(), archive.sha256(), archive.size(), tree.entries(),
                    tree.bytes(), installer.installed());
        } finally {
            installer.discard(staging);
        }
    }
}
