package mms.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import mms.json.Json;
import org.junit.jupiter.api.Test;

class MachinesValidatorTest {

    static final String SUM = "1e85719c6959eb0f2c8f2166e30ae952ccaef2c286f31868ea1d311d3738a339";
    static final String ARCHIVE = "f11ea2005de97bf309bafac46e77c01925307a26675f44f388d4502d2b9d00bf";

    private static MachinesValidation validate(String json) {
        return MachinesValidator.validate(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String entry(String name, String extra) {
        return "{\"name\":\"" + name + "\",\"source\":\"https://example.net/" + name + "-1.0.tgz\",\"checksum\":\""
                + ARCHIVE + "\",\"verify_checksum\":\"" + SUM + "\"" + extra + "}";
    }

    private static List<String> errors(MachinesValidation v) {
        return v.errors().stream().map(Problem::describe).toList();
    }

    private static List<String> warnings(MachinesValidation v) {
        return v.warnings().stream().map(Problem::describe).toList();
    }

    @Test
    void theSeedExampleIsValidAndItsVerifyMemberIsAccepted() throws Exception {
        MachinesValidation v = MachinesValidator.validate(SeedVector.machines());
        assertThat(v.valid()).isTrue();
        assertThat(v.warnings()).isEmpty();
        assertThat(v.orThrow()).containsExactly(new ManagedMachine("facts",
                "https://my.example.net/metadata/metadata-machine-1.0.0.tgz", "", "", SUM, ARCHIVE,
                "has_command('facter')", ""));
    }

    @Test
    void readsEveryField() {
        MachinesValidation v = validate("[" + entry("web", ",\"username\":\"u\",\"password\":\"p\",\"match\":\"identity('^web')\",\"governor\":\"G\"") + "]");
        assertThat(v.valid()).isTrue();
        ManagedMachine m = v.machines().getFirst();
        assertThat(m.username()).isEqualTo("u");
        assertThat(m.password()).isEqualTo("p");
        assertThat(m.match()).isEqualTo("identity('^web')");
        assertThat(m.governor()).isEqualTo("G");
        assertThat(m.toString()).doesNotContain("password=p");
    }

    @Test
    void serialisesWithTheOriginalMemberNames() {
        ManagedMachine m = new ManagedMachine("a", "https://x/a.tgz", "", "", SUM, ARCHIVE, "", "");
        assertThat(Json.write(m)).isEqualTo("{\"name\":\"a\",\"source\":\"https://x/a.tgz\",\"username\":\"\",\"password\":\"\","
                + "\"verify_checksum\":\"" + SUM + "\",\"checksum\":\"" + ARCHIVE + "\",\"match\":\"\",\"governor\":\"\"}");
    }

    @Test
    void reportsEveryMissingRequiredFieldOfEveryEntry() {
        MachinesValidation v = validate("[{}, {\"name\":\"b\"}]");
        assertThat(errors(v)).containsExactly(
                "machine 0: name: is required",
                "machine 0: source: is required",
                "machine 0: checksum: is required",
                "machine 0: verify_checksum: is required",
                "machine 1 'b': source: is required",
                "machine 1 'b': checksum: is required",
                "machine 1 'b': verify_checksum: is required");
        assertThatThrownBy(v::orThrow).isInstanceOf(SpecificationException.class)
                .hasMessageStartingWith("invalid machines specification: machine 0: name: is required; machine 0: source");
    }

    @Test
    void rejectsUnsafeNames() {
        for (String bad : List.of("../x", "a/b", "a\\\\b", ".hidden", "-x", "a b", "a..b", "a\\\"b", "x\\ny", "é")) {
            assertThat(validate("[" + entry(bad, "") + "]").valid()).as(bad).isFalse();
        }
        assertThat(errors(validate("[" + entry("../x", "") + "]")))
                .contains("machine 0 '../x': name: '../x' is not a safe machine name: use letters, digits, '.', '_' and '-', starting with a letter or digit");
        assertThat(errors(validate("[" + entry("v1..2", "") + "]")))
                .containsExactly("machine 0 'v1..2': name: 'v1..2' must not contain '..'");
        assertThat(errors(validate("[" + entry("a".repeat(65), "") + "]")))
                .containsExactly("machine 0 '" + "a".repeat(65) + "': name: is longer than 64 characters (65)");
        for (String good : List.of("facts", "web_app", "A1", "x.y-z", "a".repeat(64))) {
            assertThat(validate("[" + entry(good, "") + "]").errors()).as(good).isEmpty();
        }
    }

    @Test
    void checksumsMustBe64LowercaseHexCharacters() {
        String upper = ARCHIVE.toUpperCase();
        MachinesValidation v = validate("[{\"name\":\"a\",\"source\":\"https://x/a.tgz\",\"checksum\":\"" + upper
                + "\",\"verify_checksum\":\"abc\"}]");
        assertThat(errors(v)).containsExactly(
                "machine 0 'a': checksum: '" + upper + "' must be lowercase hex (the archive watcher never matches uppercase digests)",
                "machine 0 'a': verify_checksum: 'abc' is not a sha256 digest: expected 64 lowercase hex characters, got 3 characters");
    }

    @Test
    void rejectsDuplicateNamesAndWarnsAboutCaseCollisions() {
        MachinesValidation v = validate("[" + entry("a", "") + "," + entry("b", "") + "," + entry("a", "") + "," + entry("B", "") + "]");
        assertThat(errors(v)).containsExactly("machine 0 'a': name: duplicate name, also used by machine 2",
                "machine 2 'a': name: duplicate name, also used by machine 0");
        assertThat(warnings(v)).containsExactly(
                "machine 3 'B': name: name differs only in case from machine 1, they collide on case-insensitive file systems");
        assertThat(v.applicable()).extracting(ManagedMachine::name).as("which 'a' was meant is unknown")
                .containsExactly("b", "B");
        assertThat(v.skipped()).extracting(MachinesValidation.Skipped::index).containsExactly(0, 2);
    }

    @Test
    void anEntryANodeCannotUseIsSkippedWithItsProblemsWhileTheOthersApply() {
        MachinesValidation v = validate("[" + String.join(",",
                entry("web", ""),
                entry("templated", "").replace("\"" + ARCHIVE + "\"", "\"{{ lookup('data.sum') }}\""),
                entry("newer", ",\"match\":\"no_such_function('x')\""),
                entry("member", ",\"future_member\":\"x\""),
                entry("mm_refused", ""),
                entry("governed", ",\"governor\":\"a\\\"b\""),
                "42",
                "{\"source\":\"https://example.net/x.tgz\"}",
                entry("db", "")) + "]");

        assertThat(v.valid()).as("signing tools refuse it").isFalse();
        assertThat(v.documentErrors()).isEmpty();
        assertThat(v.applicable()).extracting(ManagedMachine::name).containsExactly("web", "db");
        assertThat(v.skipped()).extracting(MachinesValidation.Skipped::index).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(v.skipped()).extracting(s -> s.name().orElse("?"))
                .containsExactly("templated", "newer", "member", "mm_refused", "governed", "?", "?");
        assertThat(v.skipped().getFirst().describe()).isEqualTo("machine 1 'templated': checksum: '{{ lookup(\\'data.sum\\') }}'"
                + " is not a sha256 digest: expected 64 lowercase hex characters, got 24 characters");
        assertThat(v.skipped().get(5).describe()).isEqualTo("machine 6: expected a json object, got number");
    }

    @Test
    void problemsOfTheWholeDocumentLeaveNothingToApply() {
        for (String json : List.of("{\"name\":\"web\"}", "[" + entry("web", "") + ",", "[{\"name\":\"a\",\"name\":\"b\"}]",
                "[" + "[".repeat(40) + "]".repeat(40) + "]", "[" + "{},".repeat(MachinesValidator.MAX_ENTRIES) + "{}]")) {
            MachinesValidation v = validate(json);
            assertThat(v.documentErrors()).as(json.length() > 60 ? json.substring(0, 60) : json).isNotEmpty();
            assertThatThrownBy(v::applicableOrThrow).isInstanceOf(SpecificationException.class)
                    .hasMessageStartingWith("invalid machines specification: ");
        }
        assertThat(validate("null").documentErrors()).as("an empty list is a list").isEmpty();
    }

    @Test
    void matchersMustCompileForTheMachinesWatcher() {
        MachinesValidation v = validate("[" + entry("a", ",\"match\":\"has_command('x') && y\"") + ","
                + entry("b", ",\"match\":\"len(1) == 1\"") + "]");
        assertThat(errors(v)).containsExactly(
                "machine 0 'a': match: 'has_command(\\'x\\') && y': unknown name y (1:21)",
                "machine 1 'b': match: 'len(1) == 1': invalid argument for len (type int) (1:1)");
    }

    @Test
    void anInvalidRegularExpressionIsAnErrorNamingTheEntryAndPosition() {
        MachinesValidation v = validate("[" + entry("web", ",\"match\":\"identity('[web')\"") + ","
                + entry("db", ",\"match\":\"identity('^db') || identity('db(')\"") + "]");

        assertThat(errors(v)).containsExactly(
                "machine 0 'web': match: 'identity(\\'[web\\')': invalid regular expression '[web':"
                        + " missing closing ]: `[web` (1:10)",
                "machine 1 'db': match: 'identity(\\'^db\\') || identity(\\'db(\\')': invalid regular expression"
                        + " 'db(': missing closing ): `db(` (1:29)");
        assertThat(v.warnings()).isEmpty();
    }

    @Test
    void matchersOverTheLimitsAreErrorsNamingTheLimit() {
        String deep = "(".repeat(200) + "true" + ")".repeat(200);
        String longest = "true" + " || true".repeat(9000);
        MachinesValidation v = validate("[" + entry("deep", ",\"match\":\"" + deep + "\"") + ","
                + entry("long", ",\"match\":\"" + longest + "\"") + "]");

        assertThat(errors(v)).satisfiesExactly(
                e -> assertThat(e).startsWith("machine 0 'deep': match: ").endsWith(
                        ": expression is nested more than 100 levels deep, the limit for matchers (1:101)"),
                e -> assertThat(e).startsWith("machine 1 'long': match: 'true || true").endsWith(
                        "...': expression is 72004 characters long, the limit for matchers is 65536"));
    }

    @Test
    void valuesMustBeStringsAndNullIsAbsent() {
        MachinesValidation v = validate("[" + entry("a", ",\"governor\":5,\"match\":null") + "]");
        assertThat(errors(v)).containsExactly("machine 0 'a': governor: must be a string, got number");
    }

    @Test
    void valuesPlacedInTheManagerYamlMustNotBreakItsQuoting() {
        MachinesValidation v = validate("[" + entry("a", ",\"password\":\"p\\\"w\",\"username\":\"u\\nx\"") + "]");
        assertThat(errors(v)).containsExactly(
                "machine 0 'a': username: contains a newline, which cannot be placed in the generated machine.yaml",
                "machine 0 'a': password: contains a double quote, which cannot be placed in the generated machine.yaml");
    }

    @Test
    void sourcesMustBeUrlsUnlessTemplated() {
        String base = "\"checksum\":\"" + ARCHIVE + "\",\"verify_checksum\":\"" + SUM + "\"";
        MachinesValidation v = validate("[{\"name\":\"a\",\"source\":\"not a url\"," + base + "},"
                + "{\"name\":\"b\",\"source\":\"ftp://h/b.tgz\"," + base + "},"
                + "{\"name\":\"c\",\"source\":\"{{ lookup('data.url') }}\"," + base + "},"
                + "{\"name\":\"d\",\"source\":\"relative/d.tgz\"," + base + "},"
                + "{\"name\":\"e\",\"source\":\"file:///srv/e.tgz\"," + base + "},"
                + "{\"name\":\"f\",\"source\":\"nats-os://fleet_archives/\"," + base + "}]");
        assertThat(errors(v)).containsExactly(
                "machine 0 'a': source: 'not a url' is not a valid url: illegal character in path",
                "machine 1 'b': source: invalid url ftp://h/b.tgz: unsupported scheme 'ftp', expected http, https, file or nats-os",
                "machine 3 'd': source: 'relative/d.tgz' is not an absolute url",
                "machine 5 'f': source: invalid url nats-os://fleet_archives/: no object name, use nats-os://BUCKET/OBJECT");
        assertThat(warnings(v)).containsExactly("machine 4 'e': source: 'file:///srv/e.tgz' is a file url: every node needs that file");
    }

    @Test
    void objectStoreSourcesAreValidWithoutAStore() {
        String base = "\"checksum\":\"" + ARCHIVE + "\",\"verify_checksum\":\"" + SUM + "\"";
        MachinesValidation v = validate("[{\"name\":\"a\",\"source\":\"nats-os://fleet_archives/web/a-1.0.0.tar.gz\"," + base + "}]");
        assertThat(v.valid()).isTrue();
        assertThat(warnings(v)).isEmpty();
    }

    @Test
    void miscasedMembersAreReadWithAWarning() {
        MachinesValidation v = validate("[" + entry("a", ",\"Governor\":\"g\",\"Verify\":\"SHA256SUMS\"") + "]");
        assertThat(v.valid()).isTrue();
        assertThat(v.machines().getFirst().governor()).isEqualTo("g");
        assertThat(warnings(v)).containsExactly("machine 0 'a': Governor: read as 'governor', write it in lowercase");
    }

    @Test
    void unknownMembersAreErrorsSuggestingTheIntendedOne() {
        MachinesValidation v = validate("[" + entry("web", ",\"matches\":\"identity('^web')\"") + ","
                + entry("db", ",\"colour\":\"red\",\"user\":\"u\",\"verify\":\"OTHER\"") + "]");

        assertThat(v.valid()).isFalse();
        String fields = ", an entry has name, source, username, password, verify_checksum, checksum, match, governor, health, rollout";
        assertThat(errors(v)).containsExactly(
                "machine 0 'web': matches: unknown member (did you mean 'match'?)" + fields,
                "machine 1 'db': colour: unknown member" + fields,
                "machine 1 'db': user: unknown member (did you mean 'username'?)" + fields,
                "machine 1 'db': verify: must be \"SHA256SUMS\" or left out: machines are always verified using SHA256SUMS");
    }

    @Test
    void refusesNamesThatCollideWithTheAgentsOwnDirectories() {
        MachinesValidation v = validate("[" + entry("mm_web", "") + "," + entry("mms_manager", "") + ","
                + entry("tmp", "") + "," + entry("web-temp", "") + "]");

        assertThat(errors(v)).containsExactly(
                "machine 0 'mm_web': name: 'mm_web' is refused: names beginning with 'mm_' collide with the manager"
                        + " directories mm_<name> of other machines",
                "machine 1 'mms_manager': name: 'mms_manager' is refused: names beginning with 'mms_' are reserved for"
                        + " the agent's built-in machines such as mms_manager",
                "machine 2 'tmp': name: 'tmp' is refused: the agent ignores a directory named tmp (archives are"
                        + " unpacked in <machine>/tmp)",
                "machine 3 'web-temp': name: 'web-temp' is refused: the agent ignores directories ending in '-temp'"
                        + " (work in progress)");
        for (String fine : List.of("mm", "mmweb", "mms", "tmp2", "temp", "web-temporary", "my_mm_x")) {
            assertThat(validate("[" + entry(fine, "") + "]").errors()).as(fine).isEmpty();
        }
    }

    @Test
    void aThousandEntriesAreFine() {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            json.append(i == 0 ? "" : ",").append(entry("m" + i, ",\"match\":\"identity('^web" + i + "$')\""));
        }
        MachinesValidation v = validate(json.append("]").toString());

        assertThat(v.errors()).isEmpty();
        assertThat(v.machines()).hasSize(1000);
    }

    @Test
    void refusesMoreThanTenThousandEntriesBeforeReadingThem() {
        String many = "[" + "{},".repeat(20_000) + "{}]";

        assertThat(errors(validate(many))).containsExactly(
                "the specification has more than 10000 elements, the limit for specifications");
    }

    @Test
    void refusesDeepNestingWithoutOverflowingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String entryDeep = "[" + entry("a", ",\"x\":" + "[".repeat(40) + "]".repeat(40)) + "]";

        assertThat(errors(validate(deep))).containsExactly(
                "the specification is nested more than 32 levels deep (at line 1 column 33), the limit for specifications");
        assertThat(errors(validate(entryDeep))).singleElement().asString()
                .startsWith("the specification is nested more than 32 levels deep");
    }

    @Test
    void refusesAnOversizedSpecificationBeforeParsingIt() {
        byte[] huge = new byte[MachinesValidator.MAX_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '[');

        assertThat(errors(MachinesValidator.validate(huge))).containsExactly(
                "the specification is 6291457 bytes, the limit is 6291456 (6 MiB, so that its signed envelope stays"
                        + " within 8 MiB)");
    }

    @Test
    void membersDifferingOnlyInCaseConflict() {
        MachinesValidation v = validate("[" + entry("a", ",\"NAME\":\"b\"") + "]");
        assertThat(errors(v)).containsExactly(
                "machine 0 'a': NAME: repeats member 'name' (members are matched case-insensitively)");
    }

    @Test
    void documentShapeErrors() {
        assertThat(errors(validate("{\"name\":\"a\"}"))).containsExactly("expected a json array of machines, got object");
        assertThat(errors(validate("[1, \"x\"]"))).containsExactly(
                "machine 0: expected a json object, got number", "machine 1: expected a json object, got string");
        assertThat(errors(validate("[{"))).singleElement().asString().startsWith("not valid json at line 1 column 3: ");
        assertThat(errors(validate("[{\"name\":\"a\",\"name\":\"b\"}]"))).singleElement().asString()
                .contains("duplicate field 'name'");
        assertThat(errors(validate(""))).containsExactly("empty document, expected a json array of machines");
    }

    @Test
    void emptyAndNullSpecificationsAreValidWithAWarning() {
        assertThat(validate("[]").valid()).isTrue();
        assertThat(warnings(validate("[]"))).containsExactly(
                "specification lists no machines: nodes with purge_unknown remove every managed machine");
        assertThat(validate("null").valid()).isTrue();
        assertThat(validate("null").warnings()).hasSize(1);
    }
}
