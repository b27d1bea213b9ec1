package mms.cli;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import mms.spec.Envelope;
import mms.spec.Specification;
import mms.spec.SpecificationException;
import mms.spec.TrustDocument;
import mms.spec.VersionedSpecification;

/**
 * A specification as {@code mms spec} reads it, from the store or from a file: a versioned
 * specification, one in the original's format, or (a file being written) plain
 * {@code machines.json}; and the machines it lists, which is what is compared and published.
 *
 * @param label      how messages name it: {@code revision 7 (serial 12)}, {@code machines.json}
 * @param machines   the {@code machines.json} it carries, as signed; not validated
 * @param versioned  the versioned specification, when it is one
 * @param original   the envelope in the original's format, when it is one
 */
record SpecContent(String label, byte[] machines, Optional<VersionedSpecification> versioned,
                   Optional<Specification> original) {

    /** Copies the machines. */
    SpecContent {
        machines = machines.clone();
    }

    @Override
    public byte[] machines() {
        return machines.clone();
    }

    /**
     * Reads {@code text}.
     *
     * @param label  how messages name it; a versioned specification's label gets its serial
     * @param text   the envelope or, when {@code plain}, {@code machines.json}
     * @param plain  whether plain {@code machines.json} (a JSON array or {@code null}) is accepted
     * @throws SpecificationException naming {@code label} when it reads as none of them
     */
    static SpecContent read(String label, String text, boolean plain) throws SpecificationException {
        String stripped = text.strip();
        if (plain && (stripped.startsWith("[") || stripped.equals("null"))) {
            return new SpecContent(label, stripped.getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty());
        }
        try {
            if (Envelope.isEnvelope(stripped)) {
                Envelope envelope = Envelope.parse(stripped);
                if (envelope.payloadType().equals(TrustDocument.PAYLOAD_TYPE)) {
                    throw new SpecificationException("it is a trust document, not a specification");
                }
                VersionedSpecification versioned = VersionedSpecification.read(envelope);
                return new SpecContent(label + " (serial " + versioned.serial() + ")", versioned.machines(),
                        Optional.of(versioned), Optional.empty());
            }
            Specification original = Specification.parse(stripped);
            return new SpecContent(label + " (the original's format)", original.payload(), Optional.empty(),
                    Optional.of(original));
        } catch (SpecificationException e) {
            throw new SpecificationException(label + ": " + e.getMessage(), e);
        }
    }
}
